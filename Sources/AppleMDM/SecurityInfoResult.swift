/// The `SecurityInfo` of a `SecurityInfo` result: passcode, encryption and management facts compliance needs,
/// with the whole dictionary kept in `securityInfo`.
///
/// Refuses a result without a `SecurityInfo` dictionary and present keys of the wrong type; every other key is
/// optional because iOS and macOS report different sets.
public struct SecurityInfoResult: Sendable, Hashable {
    /// Bit 0: block-level encryption; bit 1: file-level encryption (iOS).
    public var hardwareEncryptionCaps: Int64?
    public var passcodePresent: Bool?
    public var passcodeCompliant: Bool?
    public var passcodeCompliantWithProfiles: Bool?
    /// Seconds.
    public var passcodeLockGracePeriod: Int64?
    public var passcodeLockGracePeriodEnforced: Int64?
    /// Seconds.
    public var autoLockTime: Int64?
    public var fileVaultEnabled: Bool?
    public var fileVaultHasPersonalRecoveryKey: Bool?
    public var fileVaultHasInstitutionalRecoveryKey: Bool?
    public var systemIntegrityProtectionEnabled: Bool?
    public var firewallEnabled: Bool?
    public var remoteDesktopEnabled: Bool?
    public var authenticatedRootVolumeEnabled: Bool?
    public var isRecoveryLockEnabled: Bool?
    /// `off`, `medium`, `full` or `not supported`.
    public var secureBootLevel: String?
    public var bootstrapTokenAllowedForAuthentication: String?
    public var enrolledViaDEP: Bool?
    public var userApprovedEnrollment: Bool?
    public var isUserEnrollment: Bool?
    public var isActivationLockManageable: Bool?
    public var securityInfo: [String: PropertyListValue]

    /// iOS data protection is on when the hardware does block- and file-level encryption and a passcode is set.
    public var isDataProtectionActive: Bool? {
        guard let hardwareEncryptionCaps, let passcodePresent else { return nil }
        return hardwareEncryptionCaps & 3 == 3 && passcodePresent
    }

    public init(report: CommandResultReport) throws(DeviceMessageError) {
        try self.init(propertyList: report.result)
    }

    public init(propertyList: PropertyListValue) throws(DeviceMessageError) {
        let info = try PropertyListDictionaryReader(propertyList).dictionary("SecurityInfo")
        hardwareEncryptionCaps = try info.optionalInteger("HardwareEncryptionCaps")
        passcodePresent = try info.optionalBool("PasscodePresent")
        passcodeCompliant = try info.optionalBool("PasscodeCompliant")
        passcodeCompliantWithProfiles = try info.optionalBool("PasscodeCompliantWithProfiles")
        passcodeLockGracePeriod = try info.optionalInteger("PasscodeLockGracePeriod")
        passcodeLockGracePeriodEnforced = try info.optionalInteger("PasscodeLockGracePeriodEnforced")
        autoLockTime = try info.optionalInteger("AutoLockTime")
        fileVaultEnabled = try info.optionalBool("FDE_Enabled")
        fileVaultHasPersonalRecoveryKey = try info.optionalBool("FDE_HasPersonalRecoveryKey")
        fileVaultHasInstitutionalRecoveryKey = try info.optionalBool("FDE_HasInstitutionalRecoveryKey")
        systemIntegrityProtectionEnabled = try info.optionalBool("SystemIntegrityProtectionEnabled")
        firewallEnabled = try info.optionalDictionary("FirewallSettings")?.optionalBool("FirewallEnabled")
        remoteDesktopEnabled = try info.optionalBool("RemoteDesktopEnabled")
        authenticatedRootVolumeEnabled = try info.optionalBool("AuthenticatedRootVolumeEnabled")
        isRecoveryLockEnabled = try info.optionalBool("IsRecoveryLockEnabled")
        secureBootLevel = try info.optionalDictionary("SecureBoot")?.optionalString("SecureBootLevel")
        bootstrapTokenAllowedForAuthentication = try info.optionalString("BootstrapTokenAllowedForAuthentication")
        let management = try info.optionalDictionary("ManagementStatus")
        enrolledViaDEP = try management?.optionalBool("EnrolledViaDEP")
        userApprovedEnrollment = try management?.optionalBool("UserApprovedEnrollment")
        isUserEnrollment = try management?.optionalBool("IsUserEnrollment")
        isActivationLockManageable = try management?.optionalBool("IsActivationLockManageable")
        securityInfo = info.entries
    }
}
