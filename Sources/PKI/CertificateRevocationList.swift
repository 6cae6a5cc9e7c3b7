import _CryptoExtras
import Crypto
import Foundation
import SwiftASN1
import X509

/// Builds the CA's X.509 v2 certificate revocation list (RFC 5280 §5), DER-encoded and signed with
/// SHA-256 with RSA. swift-certificates reads CRLs only, so the structure is written here on SwiftASN1.
public enum CertificateRevocationList {
    private static let sha256WithRSA: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 1, 11]
    private static let crlNumber: ASN1ObjectIdentifier = [2, 5, 29, 20]
    private static let authorityKeyIdentifier: ASN1ObjectIdentifier = [2, 5, 29, 35]
    private static let reasonCode: ASN1ObjectIdentifier = [2, 5, 29, 21]

    public static func make(
        by authority: CertificateAuthority, revoked: [RevokedCertificate], number: Int64, thisUpdate: Date, nextUpdate: Date
    ) throws -> [UInt8] {
        var tbs = DER.Serializer()
        try tbs.appendConstructedNode(identifier: .sequence) { tbs in
            try tbs.serialize(1) // v2
            try algorithm(&tbs)
            try tbs.serialize(authority.certificate.subject)
            try time(thisUpdate, into: &tbs)
            try time(nextUpdate, into: &tbs)
            if !revoked.isEmpty {
                try tbs.appendConstructedNode(identifier: .sequence) { list in
                    for entry in revoked.sorted(by: { $0.revokedAt < $1.revokedAt }) {
                        try list.appendConstructedNode(identifier: .sequence) { item in
                            try item.serialize(entry.serialNumber.bytes)
                            try time(entry.revokedAt, into: &item)
                            try item.appendConstructedNode(identifier: .sequence) { extensions in
                                try extensions.appendConstructedNode(identifier: .sequence) { reason in
                                    try reason.serialize(reasonCode)
                                    var value = DER.Serializer()
                                    try entry.reason.rawValue.serialize(into: &value, withIdentifier: .enumerated)
                                    try reason.serialize(ASN1OctetString(contentBytes: ArraySlice(value.serializedBytes)))
                                }
                            }
                        }
                    }
                }
            }
            try tbs.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { wrapper in
                try wrapper.appendConstructedNode(identifier: .sequence) { extensions in
                    try extensions.appendConstructedNode(identifier: .sequence) { ext in
                        try ext.serialize(crlNumber)
                        var value = DER.Serializer()
                        try value.serialize(number)
                        try ext.serialize(ASN1OctetString(contentBytes: ArraySlice(value.serializedBytes)))
                    }
                    if let keyID = try authority.certificate.extensions.subjectKeyIdentifier?.keyIdentifier {
                        try extensions.appendConstructedNode(identifier: .sequence) { ext in
                            try ext.serialize(authorityKeyIdentifier)
                            var value = DER.Serializer()
                            try value.appendConstructedNode(identifier: .sequence) { aki in
                                aki.appendPrimitiveNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { bytes in
                                    bytes.append(contentsOf: keyID)
                                }
                            }
                            try ext.serialize(ASN1OctetString(contentBytes: ArraySlice(value.serializedBytes)))
                        }
                    }
                }
            }
        }
        let tbsBytes = tbs.serializedBytes
        let signature = try authority.privateKey.signature(for: SHA256.hash(data: tbsBytes), padding: .insecurePKCS1v1_5)
        var list = DER.Serializer()
        try list.appendConstructedNode(identifier: .sequence) { list in
            list.serializeRawBytes(tbsBytes)
            try algorithm(&list)
            try list.serialize(ASN1BitString(bytes: ArraySlice(signature.rawRepresentation)))
        }
        return list.serializedBytes
    }

    private static func algorithm(_ serializer: inout DER.Serializer) throws {
        try serializer.appendConstructedNode(identifier: .sequence) { identifier in
            try identifier.serialize(sha256WithRSA)
            try identifier.serialize(ASN1Null())
        }
    }

    /// RFC 5280: UTCTime through 2049, GeneralizedTime after.
    private static func time(_ date: Date, into serializer: inout DER.Serializer) throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let (year, month, day) = (parts.year!, parts.month!, parts.day!)
        let (hour, minute, second) = (parts.hour!, parts.minute!, parts.second!)
        if year < 2050 {
            try serializer.serialize(try UTCTime(year: year, month: month, day: day, hours: hour, minutes: minute, seconds: second))
        } else {
            try serializer.serialize(try GeneralizedTime(
                year: year, month: month, day: day, hours: hour, minutes: minute, seconds: second, fractionalSeconds: 0
            ))
        }
    }
}
