/// Why a catalogue source (an endoflife.date product file, the SOFA feed, an overrides file) was refused.
public enum CatalogueSourceError: Error, Sendable, Hashable, CustomStringConvertible {
    case malformed(String)
    case missing(String)

    public var description: String {
        switch self {
        case .malformed(let reason): reason
        case .missing(let what): "missing \(what)"
        }
    }
}
