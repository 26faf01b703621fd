import * as pulumi from "@pulumi/pulumi";
import type { RegisterResourceRequest, RegisterResourceResponse } from "@pulumi/pulumi/proto/resource_pb";

interface Registering {
    registerResource(req: RegisterResourceRequest, callback: (err: unknown, resp: RegisterResourceResponse | undefined) => void): Promise<void>;
}

/**
 * Each registration's `deletedWith` (the URN it names, or "" for none) by `<type>::<name>`, from
 * now on. The recorder keeps the request's other options only, so this wraps the mock monitor that
 * `setAzureMocks` installed: call it after that, before the resources are made.
 */
export function recordDeletedWith(): Map<string, string> {
    const seen = new Map<string, string>();
    // The mock monitor's registerResource, which the SDK's typings leave out of getMonitor's type.
    const monitor = pulumi.runtime.getMonitor() as unknown as Registering;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        seen.set(`${req.getType()}::${req.getName()}`, req.getDeletedwith());
        return register(req, callback);
    };
    return seen;
}
