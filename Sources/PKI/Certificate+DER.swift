import SwiftASN1
import X509

extension Certificate {
    /// The certificate's DER encoding, as stored, fingerprinted and embedded in profiles and CMS messages.
    public func derEncoded() throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(self)
        return serializer.serializedBytes
    }
}
