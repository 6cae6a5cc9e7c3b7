import Foundation

/// The source of "now" for everything that stamps or compares dates, so tests can hold time still.
public protocol WallClock: Sendable {
    var now: Date { get }
}

/// The machine's clock.
public struct SystemWallClock: WallClock {
    public init() {}
    public var now: Date { Date() }
}
