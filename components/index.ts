export * from "./encryption-key";
export * from "./key-access";
export * from "./key-permissions";
export * from "./key-vault";
export * from "./managed-identity";
export * from "./types";
export * from "./validation";
