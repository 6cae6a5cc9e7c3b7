/// What `ScheduleOSUpdate` asks the device to do with an update.
public enum OSUpdateInstallAction: String, Sendable, Hashable, CaseIterable {
    case `default` = "Default"
    case downloadOnly = "DownloadOnly"
    case installASAP = "InstallASAP"
    case notifyOnly = "NotifyOnly"
    case installLater = "InstallLater"
    case installForceRestart = "InstallForceRestart"
}
