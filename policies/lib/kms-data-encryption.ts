import { isUnknown, read, sameText, UNKNOWN, Unknown } from "./values";

/**
 * Whether an AKS cluster's KMS is AKS's KMS data encryption (preview, Kubernetes 1.33 and later),
 * turned on by securityProfile.kubernetesResourceObjectEncryptionProfile.infrastructureEncryption
 * "Enabled"; UNKNOWN while a preview cannot tell. Its controller takes the key's versionless id and
 * moves to each new version itself within 6 hours, re-encrypting without help, and it reaches a
 * vault closed to public networks through the trusted-services exception, not a private link
 * (MicrosoftDocs/azure-aks-docs articles/aks/kms-data-encryption-concepts.md; the how-to,
 * kms-data-encryption.md, also walks a private vault through VNet integration and a private
 * endpoint, which the rules therefore neither require nor refuse).
 */
export function usesKmsDataEncryption(props: unknown): boolean | Unknown {
    const setting = read(props, "securityProfile", "kubernetesResourceObjectEncryptionProfile", "infrastructureEncryption");
    return isUnknown(setting) ? UNKNOWN : sameText(setting, "Enabled");
}

/**
 * Whether an AKS cluster's KMS is, or may be while a preview cannot tell, KMS data encryption
 * (usesKmsDataEncryption). The rules written for the legacy KMS plugin's key id, key lifetime and
 * network path give such a cluster no verdict.
 */
export function mayUseKmsDataEncryption(props: unknown): boolean {
    return usesKmsDataEncryption(props) !== false;
}
