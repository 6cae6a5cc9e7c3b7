/// `CheckOut`: the device is leaving management (its MDM profile was removed). Sent only when the enrolment profile
/// asked for it with `CheckOutWhenRemoved`; a server cannot count on receiving it.
public struct CheckOutMessage: Sendable, Hashable {
    public var identity: EnrollmentIdentity
    public var topic: String

    public init(identity: EnrollmentIdentity, topic: String) {
        self.identity = identity
        self.topic = topic
    }

    var propertyListEntries: [String: PropertyListValue] {
        identity.propertyListEntries.merging(["Topic": .string(topic)]) { $1 }
    }

    init(reader: PropertyListDictionaryReader) throws(DeviceMessageError) {
        identity = try EnrollmentIdentity.read(from: reader)
        topic = try reader.string("Topic", CheckinMessage.topicRule)
    }
}
