import Foundation
import SwiftASN1
import X509

/// Building SignedData: signed messages and the degenerate certs-only form.
extension CMSSignedData {
    /// Signs `content` and returns a DER ContentInfo holding the SignedData.
    ///
    /// The signed attributes are contentType, messageDigest, signingTime (unless `signingTime` is nil)
    /// and `additionalSignedAttributes`, written in DER order. The signer certificate is embedded unless
    /// `certificates` is given, in which case exactly those are (DER orders them by encoding, so their
    /// order is not kept).
    ///
    /// - Throws: ``CMSError/badSignedAttribute(_:)`` when an additional attribute repeats a type or
    ///   redefines one of the three this function writes; ``CMSError/encodingFailed(_:)`` when signing fails.
    public static func sign(
        _ content: [UInt8],
        signer: CMSSigner,
        contentType: ASN1ObjectIdentifier = CMSObjectIdentifier.data,
        detached: Bool = false,
        signingTime: Date? = Date(),
        additionalSignedAttributes: [CMSAttribute] = [],
        certificates: [Certificate]? = nil
    ) throws(CMSError) -> [UInt8] {
        var seen: Set<ASN1ObjectIdentifier> = [
            CMSObjectIdentifier.contentType, CMSObjectIdentifier.messageDigest, CMSObjectIdentifier.signingTime,
        ]
        for attribute in additionalSignedAttributes where !seen.insert(attribute.type).inserted {
            throw .badSignedAttribute(attribute.type)
        }

        var attributes: [CMSAttribute] = [
            CMSAttribute(type: CMSObjectIdentifier.contentType, values: [try CMSError.encoding("contentType") { try ASN1Any(erasing: contentType) }]),
            .octetString(CMSObjectIdentifier.messageDigest, signer.digest.hash(content)),
        ]
        if let signingTime {
            attributes.append(CMSAttribute(type: CMSObjectIdentifier.signingTime, values: [try Self.time(signingTime)]))
        }
        attributes += additionalSignedAttributes

        // The signature covers the attributes as a DER SET OF; the SignerInfo carries the same octets under
        // the [0] IMPLICIT tag.
        let encodedAttributes = try CMSError.encoding("signed attributes") {
            DEROrdering.sortedForSetOf(try attributes.map { try $0.derEncoding() })
        }
        var attributeSet = DER.Serializer()
        attributeSet.appendConstructedNode(identifier: .set) { set in
            for attribute in encodedAttributes { set.serializeRawBytes(attribute) }
        }
        let signedBytes = attributeSet.serializedBytes
        let signature = try signer.sign(signedBytes)
        var taggedAttributes = signedBytes
        taggedAttributes[0] = 0xA0

        let embedded = certificates ?? [signer.certificate]
        let identifier = CMSCertificateIdentifier(issuerAndSerialNumberOf: signer.certificate)
        let version = contentType == CMSObjectIdentifier.data ? 1 : 3
        return try CMSError.encoding("SignedData") {
            var serializer = DER.Serializer()
            try CMSContentInfo.serialize(type: CMSObjectIdentifier.signedData, into: &serializer) { outer in
                try outer.appendConstructedNode(identifier: .sequence) { signedData in
                    try signedData.serialize(version)
                    try signedData.appendConstructedNode(identifier: .set) { try signer.digest.algorithmIdentifier.serialize(into: &$0) }
                    try Self.serializeEncapsulatedContent(contentType, content: detached ? nil : content, into: &signedData)
                    try Self.serializeCertificates(embedded, into: &signedData)
                    try signedData.appendConstructedNode(identifier: .set) { signerInfos in
                        try signerInfos.appendConstructedNode(identifier: .sequence) { signerInfo in
                            try signerInfo.serialize(identifier.signerInfoVersion)
                            try identifier.serialize(into: &signerInfo)
                            try signer.digest.algorithmIdentifier.serialize(into: &signerInfo)
                            signerInfo.serializeRawBytes(taggedAttributes)
                            try signer.signatureAlgorithmIdentifier.serialize(into: &signerInfo)
                            try signerInfo.serialize(ASN1OctetString(contentBytes: signature[...]))
                        }
                    }
                }
            }
            return serializer.serializedBytes
        }
    }

    /// A degenerate SignedData with no signers and no content, only certificates (RFC 8894 §4.2.1.2,
    /// the "certs-only" PKCS#7 SCEP uses for GetCACert and CertRep). Refuses an empty list.
    public static func certificatesOnly(_ certificates: [Certificate]) throws(CMSError) -> [UInt8] {
        guard !certificates.isEmpty else { throw .encodingFailed("a certs-only message needs at least one certificate") }
        return try CMSError.encoding("certs-only SignedData") {
            var serializer = DER.Serializer()
            try CMSContentInfo.serialize(type: CMSObjectIdentifier.signedData, into: &serializer) { outer in
                try outer.appendConstructedNode(identifier: .sequence) { signedData in
                    try signedData.serialize(1)
                    signedData.appendConstructedNode(identifier: .set) { _ in }
                    try Self.serializeEncapsulatedContent(CMSObjectIdentifier.data, content: nil, into: &signedData)
                    try Self.serializeCertificates(certificates, into: &signedData)
                    signedData.appendConstructedNode(identifier: .set) { _ in }
                }
            }
            return serializer.serializedBytes
        }
    }

    private static func serializeEncapsulatedContent(
        _ type: ASN1ObjectIdentifier,
        content: [UInt8]?,
        into serializer: inout DER.Serializer
    ) throws {
        try serializer.appendConstructedNode(identifier: .sequence) { encapsulated in
            try encapsulated.serialize(type)
            if let content {
                try encapsulated.appendConstructedNode(identifier: CMSContentInfo.contentTag) {
                    try $0.serialize(ASN1OctetString(contentBytes: content[...]))
                }
            }
        }
    }

    private static func serializeCertificates(_ certificates: [Certificate], into serializer: inout DER.Serializer) throws {
        guard !certificates.isEmpty else { return }
        let encoded = try certificates.map { certificate in
            var certificateSerializer = DER.Serializer()
            try certificateSerializer.serialize(certificate)
            return certificateSerializer.serializedBytes
        }
        serializer.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { set in
            for certificate in DEROrdering.sortedForSetOf(encoded) { set.serializeRawBytes(certificate) }
        }
    }

    /// signingTime as RFC 5652 §11.3 requires: UTCTime for 1950–2049, GeneralizedTime otherwise.
    static func time(_ date: Date) throws(CMSError) -> ASN1Any {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let (year, month, day) = (parts.year!, parts.month!, parts.day!)
        let (hours, minutes, seconds) = (parts.hour!, parts.minute!, parts.second!)
        return try CMSError.encoding("signingTime") {
            if (1950..<2050).contains(year) {
                return try ASN1Any(erasing: UTCTime(year: year, month: month, day: day, hours: hours, minutes: minutes, seconds: seconds))
            }
            return try ASN1Any(erasing: GeneralizedTime(
                year: year, month: month, day: day, hours: hours, minutes: minutes, seconds: seconds, fractionalSeconds: 0
            ))
        }
    }
}
