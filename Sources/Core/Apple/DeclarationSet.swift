import AppleMDM
import Foundation
import PalisadeCore

/// The declarations every Apple device receives. For now one management declaration: a status subscription so
/// that devices report OS version changes as they happen instead of waiting for the next inventory query.
public struct DeclarationSet: Sendable {
    public let declarations: [Declaration]
    /// When the set was defined; part of the synchronization tokens.
    public let timestamp: Date

    public init(declarations: [Declaration], timestamp: Date) {
        self.declarations = declarations
        self.timestamp = timestamp
    }

    public static let standard = DeclarationSet(
        declarations: [
            Declaration(
                type: "com.apple.configuration.management.status-subscriptions",
                identifier: "org.palisade.status-subscriptions",
                payload: .object(["StatusItems": .array([
                    .object(["Name": .string("device.operating-system.version")]),
                    .object(["Name": .string("device.operating-system.build-version")]),
                    .object(["Name": .string("device.model.identifier")]),
                ])])
            ),
            Declaration(
                type: "com.apple.activation.simple",
                identifier: "org.palisade.activation.standard",
                payload: .object(["StandardConfigurations": .array([.string("org.palisade.status-subscriptions")])])
            ),
        ],
        timestamp: Date(timeIntervalSince1970: 1_780_000_000)
    )

    public var manifest: DeclarationManifest { DeclarationManifest(declarations: declarations) }

    public var tokens: SynchronizationTokens {
        SynchronizationTokens(declarationsToken: DeclarationItemsResponse.declarationsToken(for: manifest), timestamp: timestamp)
    }

    public func declaration(_ identifier: String) -> Declaration? {
        declarations.first { $0.identifier == identifier }
    }
}
