import Foundation

/// The profile Palisade installs on an Apple device that has stayed non-compliant past its grace (the graded
/// action "restrict"), and removes once the device complies again: no new apps, no moving managed data out, no
/// AirDrop, no trusting untrusted servers. The device keeps working, so its user can still fix what failed.
public enum ComplianceRestrictionsProfile {
    /// Stable, so installing twice replaces and removal finds it.
    public static let identifier = "org.palisade.compliance.restrictions"

    public static func unsigned(organization: String) throws -> Data {
        let restrictions: [String: Any] = [
            "PayloadType": "com.apple.applicationaccess",
            "PayloadVersion": 1,
            "PayloadIdentifier": identifier + ".applicationaccess",
            "PayloadUUID": ProfileBuilder.stableUUID(identifier, "applicationaccess"),
            "PayloadDisplayName": "Compliance restrictions",
            "allowAppInstallation": false,
            "allowUIAppInstallation": false,
            "allowAirDrop": false,
            "allowOpenFromManagedToUnmanaged": false,
            "allowUntrustedTLSPrompt": false,
            "allowCloudDocumentSync": false,
            "allowEnterpriseAppTrust": false,
        ]
        let profile: [String: Any] = [
            "PayloadType": "Configuration",
            "PayloadVersion": 1,
            "PayloadIdentifier": identifier,
            "PayloadUUID": ProfileBuilder.stableUUID(identifier, "profile"),
            "PayloadDisplayName": "\(organization): device out of compliance",
            "PayloadDescription": "Installed because this device fails \(organization)'s security policy; removed once it complies.",
            "PayloadOrganization": organization,
            "PayloadScope": "System",
            "PayloadContent": [restrictions],
        ]
        return try PropertyListSerialization.data(fromPropertyList: profile, format: .xml, options: 0)
    }
}
