import Foundation
import SwiftASN1

/// What the one signer of a CMS SignedData says in its `signingTime` signed attribute (RFC 5652 §11.3), read without
/// parsing the certificates or verifying anything.
///
/// For the edge, which judges every signed device message's freshness before relaying it: the whole CMS parse with its
/// certificates, and the signature check, are the core's (`MDMSignature`). This reads only the path ContentInfo →
/// SignedData → the last field (signerInfos) → its only SignerInfo → signedAttrs → signingTime, so a signature's cost
/// here is one BER parse of its envelope. The time is as signed only if the core's verification later succeeds; a
/// forged one gains nothing, since the core refuses the message.
public enum CMSSigningTime: Sendable, Hashable {
    /// The signer's signingTime.
    case signed(Date)
    /// A well-formed SignerInfo without the attribute (macOS's mdmclient signs so).
    case absent
    /// Not a ContentInfo holding SignedData with exactly one SignerInfo, or a signingTime that is not one UTCTime or
    /// GeneralizedTime.
    case unreadable

    /// Reads `bytes`, a DER or BER ContentInfo of at most `sizeLimit` bytes.
    public init(berEncoded bytes: [UInt8], sizeLimit: Int = CMSSignedData.defaultSizeLimit) {
        guard let signerFields = Self.signerFields(bytes, sizeLimit: sizeLimit) else {
            self = .unreadable
            return
        }
        let signedTag = ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)
        // version, sid, digestAlgorithm, then [0] signedAttrs when present.
        guard signerFields.count >= 5 else {
            self = .unreadable
            return
        }
        guard signerFields[3].identifier == signedTag else {
            self = .absent
            return
        }
        guard case .constructed(let attributes) = signerFields[3].content else {
            self = .unreadable
            return
        }
        for attribute in attributes {
            guard case .constructed(let parts) = attribute.content, attribute.identifier == .sequence else {
                self = .unreadable
                return
            }
            let fields = Array(parts)
            guard fields.count == 2, (try? ASN1ObjectIdentifier(berEncoded: fields[0])) == CMSObjectIdentifier.signingTime else {
                continue
            }
            guard case .constructed(let values) = fields[1].content, fields[1].identifier == .set else {
                self = .unreadable
                return
            }
            let list = Array(values)
            guard list.count == 1, let date = Self.date(list[0]) else {
                self = .unreadable
                return
            }
            self = .signed(date)
            return
        }
        self = .absent
    }

    /// The fields of the only SignerInfo, or `nil` when the envelope is not that shape.
    private static func signerFields(_ bytes: [UInt8], sizeLimit: Int) -> [ASN1Node]? {
        guard let signedData = try? CMSContentInfo.content(of: bytes, expected: CMSObjectIdentifier.signedData, limit: sizeLimit),
              case .constructed(let fields) = signedData.content, signedData.identifier == .sequence,
              let signerInfos = Array(fields).last, signerInfos.identifier == .set,
              case .constructed(let signers) = signerInfos.content
        else { return nil }
        let only = Array(signers)
        guard only.count == 1, only[0].identifier == .sequence, case .constructed(let signerFields) = only[0].content else { return nil }
        return Array(signerFields)
    }

    /// A UTCTime or GeneralizedTime as a date, computed without a `Calendar` (this runs on every signed request).
    static func date(_ node: ASN1Node) -> Date? {
        let parts: (year: Int, month: Int, day: Int, hours: Int, minutes: Int, seconds: Int, fraction: Double)
        if let time = try? UTCTime(berEncoded: node) {
            parts = (time.year, time.month, time.day, time.hours, time.minutes, time.seconds, 0)
        } else if let time = try? GeneralizedTime(berEncoded: node) {
            parts = (time.year, time.month, time.day, time.hours, time.minutes, time.seconds, time.fractionalSeconds)
        } else {
            return nil
        }
        let days = daysSinceEpoch(year: parts.year, month: parts.month, day: parts.day)
        let seconds = Double(days * 86_400 + parts.hours * 3600 + parts.minutes * 60 + parts.seconds) + parts.fraction
        return Date(timeIntervalSince1970: seconds)
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (the civil-from-days inverse, by eras of 400 years).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
