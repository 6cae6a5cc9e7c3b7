import AppleMDM
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PalisadeCore
import PKI

/// The device-facing listener: enrolment profiles, SCEP, Apple check-in and commands, the CA and its CRL.
///
/// Handlers only decode, call the service, and encode. Every refusal is 400, 403, 404, 410, 413 or 503 — never 401,
/// on which Apple devices remove their enrolment.
public struct DeviceEndpoints: Sendable {
    let apple: AppleDeviceService
    let enrollment: EnrollmentService
    let scep: SCEPServer
    let storage: any PalisadeStorage
    let keyring: CoreKeyring
    let clock: any WallClock
    let logger: Logger

    /// Apple's header carrying the CMS signature over the body.
    static let signatureHeader = HTTPField.Name("Mdm-Signature")!
    static let approvalHeader = HTTPField.Name(RelayRoutes.approvalHeader)!

    /// Bodies larger than this are not genuine device messages.
    static let maximumBody = PropertyListLimits.deviceMessage.maximumBodySize

    public init(apple: AppleDeviceService, enrollment: EnrollmentService, storage: any PalisadeStorage, keyring: CoreKeyring, clock: any WallClock, logger: Logger) throws {
        self.apple = apple
        self.enrollment = enrollment
        self.scep = try enrollment.scepServer()
        self.storage = storage
        self.keyring = keyring
        self.clock = clock
        self.logger = logger
    }

    /// The device routes. `DeviceRequestContext` serves the core's own listener; `RelayedDeviceRequestContext`
    /// serves requests an edge relayed, whose client certificate comes from the edge's headers.
    public func router<Context: DeviceClientContext>(context: Context.Type = DeviceRequestContext.self) -> Router<Context> {
        let router = Router(context: Context.self)
        router.add(middleware: DeviceErrorMiddleware(logger: logger))
        router.get("/health") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"ok\"}")))
        }
        router.get("/enroll/:invitation") { request, context in
            let id = context.parameters.get("invitation") ?? ""
            let unsigned = request.uri.queryParameters.get("unsigned") == "1"
            let profile = try await enrollment.profile(forEnrollment: id, signed: !unsigned)
            var headers: HTTPFields = [.contentType: "application/x-apple-aspen-config"]
            headers[.contentDisposition] = "attachment; filename=\"palisade.mobileconfig\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: profile)))
        }
        router.get("/scep") { request, _ in try await scepGet(request) }
        router.post("/scep") { request, _ in try await scepPost(request) }
        router.put("/mdm/checkin") { request, context in try await checkin(request, context) }
        router.put("/mdm/connect") { request, context in try await connect(request, context) }
        router.get("/pki/ca.pem") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/x-pem-file"],
                     body: .init(byteBuffer: ByteBuffer(string: keyring.authority.identity.certificatePEM)))
        }
        router.get("/pki/ca.crl") { _, _ in try await revocationList() }
        return router
    }

    func checkin<Context: DeviceClientContext>(_ request: Request, _ context: Context) async throws -> Response {
        let body = try await Self.collect(request)
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix(CheckinMessage.contentType) else {
            throw DeviceRefusal.badRequest("check-in messages must be sent as \(CheckinMessage.contentType)")
        }
        let message: CheckinMessage
        do {
            message = try CheckinMessage.parse(body)
        } catch {
            throw DeviceRefusal.badRequest(error.clientSafeReason)
        }
        let signer = try await verifySigner(request, context, body: body)
        let reply = try await apple.checkin(message, signedBy: signer)
        var headers: HTTPFields = [:]
        if let type = reply.contentType { headers[.contentType] = type }
        return Response(status: .init(code: reply.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
    }

    func connect<Context: DeviceClientContext>(_ request: Request, _ context: Context) async throws -> Response {
        let body = try await Self.collect(request)
        let report: CommandResultReport
        do {
            report = try CommandResultReport.parse(body)
        } catch {
            throw DeviceRefusal.badRequest(error.clientSafeReason)
        }
        let signer = try await verifySigner(request, context, body: body)
        guard let command = try await apple.connect(report, signedBy: signer, relayedBy: context.relayingEdge) else {
            return Response(status: .ok)
        }
        var headers: HTTPFields = [.contentType: "application/xml"]
        if let approval = command.approvalHeader { headers[Self.approvalHeader] = approval }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: command.body)))
    }

    /// The device's identity: from `Mdm-Signature` when the message is signed, else from the TLS client
    /// certificate (profiles without SignMessage authenticate the connection instead).
    private func verifySigner<Context: DeviceClientContext>(_ request: Request, _ context: Context, body: Data) async throws(DeviceRefusal) -> VerifiedDeviceIdentity {
        let header = request.headers[Self.signatureHeader]
        if header == nil, let presented = await context.clientCertificate(for: request) {
            return try await VerifiedDeviceIdentity.check(presented, authority: keyring.authority, certificates: storage, now: clock.now)
        }
        return try await VerifiedDeviceIdentity.verify(
            signatureHeader: header, body: body, authority: keyring.authority, certificates: storage, now: clock.now
        )
    }

    func scepGet(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        switch query.get("operation") {
        case "GetCACaps":
            return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: scep.capabilities)))
        case "GetCACert":
            let answer = scep.caCertificateResponse
            return Response(status: .ok, headers: [.contentType: answer.contentType], body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        case "PKIOperation":
            guard let message = query.get("message"), message.count <= SCEPServer.maximumMessageSize * 2,
                  let der = Data(base64Encoded: Self.base64Unescaped(message))
            else { throw DeviceRefusal.badRequest("PKIOperation needs a base64 'message'") }
            return try await scepOperation(der)
        default:
            throw DeviceRefusal.badRequest("unknown SCEP operation; use GetCACaps, GetCACert or PKIOperation")
        }
    }

    func scepPost(_ request: Request) async throws -> Response {
        // RFC 8894: a POSTed PKIOperation carries the message in the body; a 'message' query parameter is ignored.
        guard request.uri.queryParameters.get("operation") == "PKIOperation" else {
            throw DeviceRefusal.badRequest("POST is only for operation=PKIOperation")
        }
        return try await scepOperation(try await Self.collect(request, limit: SCEPServer.maximumMessageSize))
    }

    private func scepOperation(_ der: Data) async throws -> Response {
        do {
            let reply = try await scep.pkiOperation([UInt8](der))
            return Response(status: .ok, headers: [.contentType: "application/x-pki-message"], body: .init(byteBuffer: ByteBuffer(bytes: reply)))
        } catch {
            throw DeviceRefusal.badRequest("not a SCEP pkiMessage this server can answer: \(error)")
        }
    }

    private func revocationList() async throws -> Response {
        let now = clock.now
        let revoked: [RevokedCertificate]
        do {
            revoked = try await storage.revokedCertificates().compactMap { issued in
                guard let revokedAt = issued.revokedAt, let serial = Hex.decode(issued.serial) else { return nil }
                return RevokedCertificate(
                    serialNumber: .init(bytes: ArraySlice(serial)), revokedAt: revokedAt,
                    reason: RevokedCertificate.Reason(rawValue: issued.revocationReason ?? 0) ?? .unspecified
                )
            }
        } catch {
            throw DeviceRefusal.unavailable("the database did not answer")
        }
        let crl = try CertificateRevocationList.make(
            by: keyring.authority, revoked: revoked, number: Int64(now.timeIntervalSince1970), thisUpdate: now,
            nextUpdate: now.addingTimeInterval(86_400)
        )
        return Response(status: .ok, headers: [.contentType: "application/pkix-crl"], body: .init(byteBuffer: ByteBuffer(bytes: crl)))
    }

    /// Reads a body within `limit`, refusing larger ones with 413 before reading them whole.
    static func collect(_ request: Request, limit: Int = maximumBody) async throws -> Data {
        guard let body = try await BoundedBody.read(request, limit: limit) else { throw DeviceRefusal.tooLarge }
        return body
    }

    /// SCEP clients may percent-encode the base64 message in the query, or leave `+` as a space.
    static func base64Unescaped(_ text: String) -> String {
        (text.removingPercentEncoding ?? text).replacingOccurrences(of: " ", with: "+")
    }
}

/// Turns errors on the device listener into the protocol's refusals: a status and a short text body, never 401,
/// never a stack trace.
struct DeviceErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let refusal as DeviceRefusal {
            logger.notice("device request refused", metadata: [
                "path": "\(request.uri.path)", "status": "\(refusal.status)", "reason": "\(refusal.description)",
            ])
            return Response(status: .init(code: refusal.status), headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: refusal.description + "\n")))
        } catch let error as HTTPError where error.status != .unauthorized {
            return Response(status: error.status, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: (error.body ?? error.status.reasonPhrase) + "\n")))
        } catch {
            logger.error("device request failed", metadata: ["path": "\(request.uri.path)", "error": "\(String(reflecting: error))"])
            return Response(status: .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "the server cannot answer now; retry later\n")))
        }
    }
}
