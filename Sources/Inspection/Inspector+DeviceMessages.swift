import AppleMDM
import Foundation
import PalisadeCore
import PKI

extension Inspector {
    func checkinFindings(_ request: InspectedRequest, subject: inout InspectionSubject) -> [InspectionFinding] {
        var findings: [InspectionFinding] = []
        if Self.mediaType(request.headers["Content-Type"]) != CheckinMessage.contentType {
            findings.append(InspectionFinding(.contentType, "check-in messages are sent as \(CheckinMessage.contentType)"))
        }
        let limits = policy.deviceMessageLimits
        guard request.body.count <= limits.maximumBodySize else {
            return findings + [InspectionFinding(.tooLarge, "body larger than \(limits.maximumBodySize) bytes")]
        }
        // The body is judged before the signature, so that a malformed or hostile body is a 400 (as the core
        // answers it) whatever its signature.
        do throws(DeviceMessageError) {
            let message = try CheckinMessage.parse(request.body, limits: limits)
            subject.messageKind = message.messageType
            subject.deviceKey = message.identity.enrollment.rawValue
            subject.userChannel = message.identity.isUserChannel
        } catch {
            findings.append(Self.finding(for: error, resultEndpoint: false))
        }
        return findings + signatureFindings(request, subject: &subject)
    }

    func connectFindings(_ request: InspectedRequest, subject: inout InspectionSubject) -> [InspectionFinding] {
        var findings: [InspectionFinding] = []
        let limits = policy.deviceMessageLimits
        guard request.body.count <= limits.maximumBodySize else {
            return [InspectionFinding(.tooLarge, "body larger than \(limits.maximumBodySize) bytes")]
        }
        do throws(DeviceMessageError) {
            let report = try CommandResultReport.parse(request.body, limits: limits)
            subject.messageKind = report.status.rawValue
            subject.deviceKey = report.identity.enrollment.rawValue
            subject.userChannel = report.identity.isUserChannel
            subject.requestType = report.requestType
            subject.commandUUID = report.commandUUID
        } catch {
            findings.append(Self.finding(for: error, resultEndpoint: true))
        }
        return findings + signatureFindings(request, subject: &subject)
    }

    /// `Mdm-Signature` present (or a client certificate seen by the edge), base64, within the size limit, one
    /// DER/BER SEQUENCE, and fresh: its CMS signing time within the policy's age and skew of `receivedAt`.
    func signatureFindings(_ request: InspectedRequest, subject: inout InspectionSubject) -> [InspectionFinding] {
        let header = request.headers[Self.signatureHeader] ?? ""
        // Read exactly as the core reads it. Compacting copies the whole value, so it runs only when there is
        // whitespace to take out; without any, the compacted value is the value itself.
        let compact = Self.mayHoldFoldingWhitespace(header) ? FoldedHeader.compacted(header) : header
        guard !compact.isEmpty else {
            return request.headers.contains(Self.clientCertificateHeader) ? [] : [InspectionFinding(.signatureMissing)]
        }
        guard compact.utf8.count <= policy.maximumSignatureLength else {
            return [InspectionFinding(.signatureTooLarge, "Mdm-Signature longer than \(policy.maximumSignatureLength) characters")]
        }
        guard let decoded = Data(base64Encoded: compact) else {
            return [InspectionFinding(.signatureBase64, "Mdm-Signature is not base64")]
        }
        guard decoded.withUnsafeBytes({ ASN1Envelope.isSingleSequence($0) }) else {
            return [InspectionFinding(.signatureStructure, "Mdm-Signature is not one DER or BER SEQUENCE")]
        }
        return freshnessFindings(CMSSigningTime(berEncoded: Array(decoded), sizeLimit: policy.maximumSignatureLength), at: request.receivedAt, subject: &subject)
    }

    /// The replay defence: a signed message is served as often as it arrives while its signing time is fresh (each
    /// message type is idempotent in the core, see docs/configuration.md), and refused once it is older than
    /// `signatureMaximumAge` plus `signatureClockSkew`, or dated further ahead than the skew. A signature without a
    /// readable signing time has no age: it passes unless the policy requires one.
    func freshnessFindings(_ reading: CMSSigningTime, at now: Date, subject: inout InspectionSubject) -> [InspectionFinding] {
        guard case .signed(let signedAt) = reading else {
            guard policy.requireSigningTime else { return [] }
            let what = reading == .absent ? "Mdm-Signature carries no signing time" : "Mdm-Signature's signing time cannot be read"
            return [InspectionFinding(.signatureNoSigningTime, what)]
        }
        subject.signingTime = signedAt
        let age = now.timeIntervalSince(signedAt)
        if age > policy.signatureMaximumAge + policy.signatureClockSkew {
            return [InspectionFinding(
                .signatureStale,
                "signed \(Int(age)) s before the edge's clock; at most \(Int(policy.signatureMaximumAge + policy.signatureClockSkew)) s is accepted"
            )]
        }
        if -age > policy.signatureClockSkew {
            return [InspectionFinding(
                .signatureFutureDated, "signed \(Int(-age)) s ahead of the edge's clock; at most \(Int(policy.signatureClockSkew)) s is accepted"
            )]
        }
        return []
    }

    /// Whether `value` may hold a byte `FoldedHeader.compacted` removes: any byte at or below a space. Base64 has
    /// none, so a signature as devices send it is passed over eight bytes at a time.
    static func mayHoldFoldingWhitespace(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            var index = 0
            while index + 8 <= bytes.count {
                let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                // Nonzero exactly when some byte is below 0x21: subtracting borrows into the high bit of such a byte.
                if (word &- 0x2121_2121_2121_2121) & ~word & 0x8080_8080_8080_8080 != 0 { return true }
                index += 8
            }
            return bytes[index...].contains { $0 <= 0x20 }
        }
    }

    /// The rule for AppleMDM's refusal of a check-in message or command result. Messages are the errors'
    /// `clientSafeReason`, which names keys and limits, never values.
    static func finding(for error: DeviceMessageError, resultEndpoint: Bool) -> InspectionFinding {
        let message = error.clientSafeReason
        switch error {
        case .propertyList(let refusal):
            return InspectionFinding(.propertyList(refusal.reason), message)
        case .notADictionary:
            return InspectionFinding(resultEndpoint ? .resultNotDictionary : .checkinNotDictionary, message)
        case .missingEnrollmentIdentifier:
            return InspectionFinding(.identifierMissing, message)
        case .conflictingEnrollmentIdentifiers:
            return InspectionFinding(.identifierConflict, message)
        case .missingKey(let key):
            if resultEndpoint, key == "CommandUUID" { return InspectionFinding(.resultMissingCommandUUID, message) }
            return InspectionFinding(resultEndpoint ? .resultMissingKey : .checkinMissingKey, message)
        case .wrongType:
            return InspectionFinding(resultEndpoint ? .resultWrongType : .checkinWrongType, message)
        case .invalidValue(let key, _):
            switch key {
            case "UDID": return InspectionFinding(.udidFormat, message)
            case "EnrollmentID", "UserID", "EnrollmentUserID": return InspectionFinding(.identifierFormat, message)
            case "MessageType" where !resultEndpoint: return InspectionFinding(.checkinUnknownMessageType, message)
            case "Status" where resultEndpoint: return InspectionFinding(.resultUnknownStatus, message)
            default: return InspectionFinding(resultEndpoint ? .resultInvalidValue : .checkinInvalidValue, message)
            }
        }
    }
}
