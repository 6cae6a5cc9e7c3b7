import PalisadeCore

/// Which enrolment a message belongs to: a device enrolment is named by the device's UDID, a user enrolment
/// (a personally owned device with a managed partition) by the per-enrolment `EnrollmentID`, which Apple issues so
/// the server never learns the UDID.
public enum EnrollmentIdentifier: Sendable, Hashable, CustomStringConvertible {
    case device(UDID)
    case userEnrollment(enrollmentID: String)

    /// The text stored as `Enrollment.externalID`.
    public var rawValue: String {
        switch self {
        case .device(let udid): udid.rawValue
        case .userEnrollment(let enrollmentID): enrollmentID
        }
    }

    public var enrollmentKind: Enrollment.Kind {
        switch self {
        case .device: .appleDevice
        case .userEnrollment: .appleUser
        }
    }

    public var description: String { rawValue }
}
