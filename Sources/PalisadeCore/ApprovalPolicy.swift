/// Which commands need approvers' signatures before they may reach a device, and how many: the M of "M of N".
///
/// The core reads it to hold such commands until they are signed; every edge holds its own copy (from its own
/// configuration file) and is the one that enforces it. Pure, so both sides classify a command the same way.
public struct ApprovalPolicy: Sendable, Hashable {
    /// The identifier of Palisade's enrolment profile: removing it unenrols the device.
    public static let mdmProfileIdentifier = "org.palisade.enrollment"
    /// The class name under which removal of the MDM profile is configured.
    public static let removeMDMProfile = "RemoveMDMProfile"
    /// The class name under which any command that carries an unlock token is configured.
    public static let unlockToken = "UnlockToken"

    /// The defaults: two approvers for what erases, unlocks, locates or unenrols a device; one for a lock.
    public static let defaultRequirements: [String: Int] = [
        "EraseDevice": 2, "ClearPasscode": 2, "DeviceLocation": 2, "EnableLostMode": 2,
        removeMDMProfile: 2, unlockToken: 2, "DeviceLock": 1,
    ]

    /// The approvers a configuration may ask for one request type: at least one, so the gate cannot be turned off,
    /// and at most what a team can gather. The core and every edge accept the same range, since they must hold the
    /// same numbers.
    public static let configurableApprovers = 1...20

    /// Approvers needed per request type (or class above).
    public let requirements: [String: Int]

    /// `overrides` may raise or lower a default, or add a request type, but never below one: a configuration
    /// cannot turn the gate off for the commands that need it most.
    public init(overrides: [String: Int] = [:]) {
        requirements = Self.defaultRequirements.merging(overrides.mapValues { max(1, $0) }) { _, new in new }
    }

    /// The approvers a command needs, or `nil` when it needs none. The strictest class that applies wins.
    /// - Parameters:
    ///   - removedProfile: the `Identifier` of a `RemoveProfile` command.
    ///   - carriesUnlockToken: whether the command has an `UnlockToken` field.
    public func required(requestType: String, removedProfile: String? = nil, carriesUnlockToken: Bool = false) -> Int? {
        var found: [Int] = []
        if let count = requirements[requestType] { found.append(count) }
        if requestType == "RemoveProfile", removedProfile == Self.mdmProfileIdentifier, let count = requirements[Self.removeMDMProfile] {
            found.append(count)
        }
        if carriesUnlockToken, let count = requirements[Self.unlockToken] { found.append(count) }
        return found.max()
    }

    /// The approvers a request needs as an administrator makes it (JSON parameters). A ClearPasscode counts as
    /// carrying an unlock token: the core adds the device's token when it makes the command's bytes.
    public func required(requestType: String, parameters: JSONValue) -> Int? {
        required(
            requestType: requestType, removedProfile: parameters["Identifier"]?.stringValue,
            carriesUnlockToken: Self.carriesUnlockToken(requestType: requestType, parameters: parameters)
        )
    }

    /// Whether the command made from this request holds a device's unlock token: one given in the parameters, or the
    /// one the core adds to every ClearPasscode.
    public static func carriesUnlockToken(requestType: String, parameters: JSONValue) -> Bool {
        parameters["UnlockToken"] != nil || requestType == "ClearPasscode"
    }

    /// Whether the wipe circuit breaker counts this request type.
    public static func isWipe(_ requestType: String) -> Bool { requestType == "EraseDevice" }
}
