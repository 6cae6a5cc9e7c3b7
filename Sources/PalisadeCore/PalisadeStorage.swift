/// Every storage concern, as one backend provides them.
public protocol PalisadeStorage: DeviceStore, GroupStore, CommandQueue, AuditLog, AdministratorStore, AppleEnrollmentStore,
    InvitationStore, EnrollmentLinkStore, IssuedCertificateStore, KeyMaterialStore, SealedValueStore, ApprovalStore, DevicePostureStore, PatchObservationStore,
    CatalogueStore, ComplianceStateStore {
    /// Throws if the database cannot be reached; for health checks.
    func ping() async throws
    /// Releases connections and files.
    func close() async
}
