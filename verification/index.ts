export * from "./errors";
export * from "./fleet";
export * from "./key-id";
export * from "./stack-outputs";
export * from "./vault-gate";
export * from "./verify-key";
export * from "./import-key";
