import * as pulumi from "@pulumi/pulumi";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { RegisterResourceRequest, RegisterResourceResponse } from "@pulumi/pulumi/proto/resource_pb";

/** One custom resource's registration as the SDK sends it to the engine (the mocks' monitor): on the default provider unless `provider` names one. */
export function registerAsSdk(type: string, name: string, inputs: Record<string, string | number | boolean> = {}, provider?: string): Promise<RegisterResourceResponse> {
    const req = new RegisterResourceRequest().setType(type).setName(name).setCustom(true).setObject(Struct.fromJavaScript(inputs));
    if (provider) req.setProvider(provider);
    const monitor = pulumi.runtime.getMonitor();
    if (monitor === undefined) throw new Error("no resource monitor: set the mocks first");
    return new Promise((resolve, reject) => void monitor.registerResource(req, (err, resp) => (err ? reject(err) : resolve(resp))));
}
