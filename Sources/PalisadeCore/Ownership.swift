/// Who owns a device, which bounds what the organisation may do to it (a personal device is never wiped whole).
public enum Ownership: String, Codable, Sendable, CaseIterable, Hashable {
    case corporate
    case personal
}
