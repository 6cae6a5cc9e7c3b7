import Foundation

extension Inspector {
    /// The SCEP content type (RFC 8894) for a POSTed pkiMessage.
    static let scepMessageContentType = "application/x-pki-message"

    func scepFindings(_ request: InspectedRequest, query: QueryParameters) -> [InspectionFinding] {
        let operation = query["operation"]
        if request.method == "POST" {
            // RFC 8894: a POSTed PKIOperation carries the message in the body; the core ignores a 'message' parameter.
            guard operation == "PKIOperation" else {
                return [InspectionFinding(.scepOperation, "POST is only for operation=PKIOperation")]
            }
            var findings: [InspectionFinding] = []
            if Self.mediaType(request.headers["Content-Type"]) != Self.scepMessageContentType {
                findings.append(InspectionFinding(.scepContentType))
            }
            guard request.body.count <= policy.maximumSCEPMessageSize else {
                return findings + [InspectionFinding(.tooLarge, "body larger than \(policy.maximumSCEPMessageSize) bytes")]
            }
            if !ASN1Envelope.isSingleSequence(Array(request.body)) {
                findings.append(InspectionFinding(.scepMessage, "the body is not one DER or BER SEQUENCE"))
            }
            return findings
        }
        switch operation {
        case "GetCACaps", "GetCACert":
            return []
        case "PKIOperation":
            guard let message = query["message"], !message.isEmpty else {
                return [InspectionFinding(.scepMessage, "PKIOperation needs a base64 'message'")]
            }
            // Base64 is 4 characters for every 3 bytes.
            guard message.utf8.count <= (policy.maximumSCEPMessageSize + 2) / 3 * 4 else {
                return [InspectionFinding(.tooLarge, "message larger than \(policy.maximumSCEPMessageSize) bytes")]
            }
            // A '+' left unencoded in a query often arrives as a space; the core reads it back as '+'.
            guard let der = Data(base64Encoded: message.replacingOccurrences(of: " ", with: "+")) else {
                return [InspectionFinding(.scepMessage, "message is not base64")]
            }
            guard ASN1Envelope.isSingleSequence(Array(der)) else {
                return [InspectionFinding(.scepMessage, "message is not one DER or BER SEQUENCE")]
            }
            return []
        default:
            return [InspectionFinding(.scepOperation, "operation is GetCACaps, GetCACert or PKIOperation")]
        }
    }
}
