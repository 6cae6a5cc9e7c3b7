import AppleMDM
import Foundation

/// What the command gate needs from a core's answer on the connect endpoint: which command it is, and the two
/// things that make an otherwise ordinary command sensitive (removing Palisade's own profile, carrying an unlock
/// token).
///
/// Read by the gate itself, not taken from the response inspection: with inspection in detect-only mode a body it
/// flagged still reaches the device, and the gate must still know what that body asks for.
public struct GatedCommand: Sendable, Hashable {
    public var requestType: String
    public var commandUUID: String
    /// `Command.Identifier` of a `RemoveProfile` command.
    public var removedProfile: String?
    /// Whether the `Command` dictionary has an `UnlockToken`.
    public var carriesUnlockToken: Bool

    public init(requestType: String, commandUUID: String, removedProfile: String? = nil, carriesUnlockToken: Bool = false) {
        self.requestType = requestType
        self.commandUUID = commandUUID
        self.removedProfile = removedProfile
        self.carriesUnlockToken = carriesUnlockToken
    }

    /// Reads `body` as `{Command: {RequestType: …}, CommandUUID: …}` through `PropertyListGuard`; `nil` for anything
    /// else — the gate refuses such a body, since a device's own parser may read more into it than the guard does.
    public init?(body: Data, limits: PropertyListLimits) {
        guard let top = (try? PropertyListGuard(limits: limits).decode(body))?.dictionaryValue,
              let command = top["Command"]?.dictionaryValue,
              let requestType = command["RequestType"]?.stringValue,
              let commandUUID = top["CommandUUID"]?.stringValue
        else { return nil }
        self.init(
            requestType: requestType, commandUUID: commandUUID,
            removedProfile: requestType == "RemoveProfile" ? command["Identifier"]?.stringValue : nil,
            carriesUnlockToken: command["UnlockToken"] != nil
        )
    }
}
