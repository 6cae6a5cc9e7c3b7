/// Every storage concern, as one backend provides them.
public protocol PalisadeStorage: DeviceStore, GroupStore, CommandQueue, AuditLog, AdministratorStore {
    /// Releases connections and files.
    func close() async
}
