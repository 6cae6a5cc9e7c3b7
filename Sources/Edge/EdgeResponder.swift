import Foundation
import HTTPTypes
import Hummingbird
import Inspection
import Logging
import NIOCore
import PalisadeCore
import Relay

/// Answers devices: reads the request (bounded), inspects it, relays what passes to a connected core, inspects the
/// core's answer and lets only a well-formed one out.
///
/// The edge originates nothing: every answer is either a refusal decided here (400, 403, 413, 429, 503 — never 401,
/// on which Apple devices unenrol) or what a core sent. Only a fixed set of headers crosses in either direction; the
/// approval header a core adds to a command is read here and never passed on.
///
/// A command the command gate refuses or holds is replaced by an empty 200: the device ends its session calmly and
/// waits for its next push, where a 503 would have it retry in a loop for a command that will not come.
public struct EdgeResponder: HTTPResponder {
    public typealias Context = EdgeRequestContext

    /// Device headers the core reads; everything else stays at the edge.
    static let forwardedRequestHeaders: [HTTPField.Name] = [.contentType, .userAgent, .accept, HTTPField.Name("Mdm-Signature")!]
    /// Core headers a device may see.
    static let forwardedResponseHeaders: [HTTPField.Name] = [.contentType, .contentDisposition, .retryAfter]

    static let approvalHeader = HTTPField.Name(RelayRoutes.approvalHeader)!

    let gate: InspectionGate
    let commands: CommandGate
    let alarms: EdgeAlarms
    let pool: RelayLinkPool
    let metrics: EdgeMetrics
    let relayTimeout: TimeAmount
    let logger: Logger
    let clock: any WallClock

    init(
        gate: InspectionGate, commands: CommandGate, alarms: EdgeAlarms, pool: RelayLinkPool, metrics: EdgeMetrics, relayTimeout: TimeAmount,
        clock: any WallClock, logger: Logger
    ) {
        self.gate = gate
        self.commands = commands
        self.alarms = alarms
        self.pool = pool
        self.metrics = metrics
        self.relayTimeout = relayTimeout
        self.clock = clock
        self.logger = logger
    }

    /// The largest request body any device endpoint takes.
    var maximumRequestBody: Int {
        max(gate.policy.deviceMessageLimits.maximumBodySize, gate.policy.maximumSCEPMessageSize)
    }

    public func respond(to request: Request, context: EdgeRequestContext) async throws -> Response {
        let client = await context.clientInfo()
        let source = client.address ?? "unknown"
        // The source's limit is charged before the body is read, so a flood costs no body reading.
        if let limited = gate.admitSource(source, path: request.head.path ?? "/", at: clock.now) {
            record(limited, direction: "request", source: source, device: nil)
            // Detect-only records the excess and serves on.
            if let status = limited.decision.refusalStatus { return Self.refusal(status, limited.clientMessage ?? "too many requests") }
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maximumRequestBody)
        } catch {
            metrics.verdict(direction: "request", endpoint: "none", decision: "refuse 413")
            return Self.refusal(413, "the body is larger than any device message")
        }
        let forwarded = Self.forwardedHeaders(request.headers)
        var inspectedHeaders = InspectedHeaders()
        for field in forwarded { inspectedHeaders.add(field.name.rawName, field.value) }
        if let certificate = client.certificateDER {
            inspectedHeaders.add(RelayClientInfo.certificateHeader.rawName, Data(certificate).base64EncodedString())
        }
        let inspected = InspectedRequest(
            method: request.method.rawValue, target: request.head.path ?? "/", headers: inspectedHeaders,
            body: Data(buffer: body, byteTransferStrategy: .noCopy), sourceAddress: source, receivedAt: clock.now
        )
        let verdict = gate.inspect(inspected, sourceAdmitted: true)
        record(verdict, direction: "request", source: inspected.sourceAddress, device: verdict.subject.deviceKey)
        if let status = verdict.decision.refusalStatus {
            return Self.refusal(status, verdict.clientMessage ?? "refused by inspection")
        }
        guard let endpoint = verdict.subject.endpoint else { return Self.refusal(404, "no such endpoint") }
        let device = verdict.subject
        if endpoint == .connect {
            commands.observe(
                status: device.messageKind, commandUUID: device.commandUUID, deviceKey: device.deviceKey, userChannel: device.userChannel, now: inspected.receivedAt
            )
        }

        var head = HTTPRequest(method: request.method, scheme: "https", authority: "palisade-core", path: request.head.path)
        head.headerFields = client.replacingRelayHeaders(in: forwarded)
        let answer: (HTTPResponse, ByteBuffer)
        do {
            answer = try await pool.send(head, body: body, responseLimit: gate.policy.responseLimits.maximumBodySize, timeout: relayTimeout)
        } catch {
            metrics.relayFailure(Self.reason(error))
            logger.warning("device request not answered by a core", metadata: ["endpoint": "\(endpoint)", "reason": "\(error)"])
            return Self.unavailable()
        }
        let (response, responseBody) = answer
        var responseHeaders = HTTPFields()
        for name in Self.forwardedResponseHeaders {
            for value in response.headerFields[values: name] { responseHeaders.append(HTTPField(name: name, value: value)) }
        }
        var inspectedResponseHeaders = InspectedHeaders()
        for field in responseHeaders { inspectedResponseHeaders.add(field.name.rawName, field.value) }
        let outgoing = gate.inspect(
            InspectedResponse(
                status: response.status.code, headers: inspectedResponseHeaders,
                body: Data(buffer: responseBody, byteTransferStrategy: .noCopy), request: inspected
            ), for: endpoint
        )
        record(outgoing, direction: "response", source: inspected.sourceAddress, device: device.deviceKey)
        guard outgoing.decision.isPass else {
            // The core answered with something that is not a protocol reply: withhold it, and let the device retry.
            return Self.unavailable()
        }
        if endpoint == .connect, response.status == .ok {
            guard await gateLetsThrough(response, body: responseBody, device: device) else { return Response(status: .ok) }
            // The device's result for this command is then not charged to its rate limit.
            gate.handed(commandUUID: outgoing.subject.commandUUID, to: device.deviceKey, now: inspected.receivedAt)
        }
        metrics.relayed(endpoint: endpoint.rawValue, status: response.status.code)
        // Never relay a 401 even if a core sent one: Apple devices unenrol on it.
        let status: HTTPResponse.Status = response.status == .unauthorized ? .forbidden : response.status
        return Response(status: status, headers: responseHeaders, body: .init(byteBuffer: responseBody))
    }

    /// Asks the command gate about a command going to `device`, and raises the alarm when it says no.
    /// A signature by a key the gate has not read yet (`palisade up`, just registered) makes it read the keys once
    /// more and decide again.
    private func gateLetsThrough(_ response: HTTPResponse, body: ByteBuffer, device: InspectionSubject) async -> Bool {
        let bytes = Data(buffer: body, byteTransferStrategy: .noCopy)
        let command = bytes.isEmpty ? nil : GatedCommand(body: bytes, limits: gate.policy.responseLimits)
        let approval = response.headerFields[Self.approvalHeader]
        let decide = {
            self.commands.decide(
                body: bytes, command: command, approval: approval, deviceKey: device.deviceKey, userChannel: device.userChannel, now: self.clock.now
            )
        }
        var decision = decide()
        if case .refuse(.forged) = decision {
            do {
                if try await commands.refreshKeys(forUnknownSignersOf: approval) { decision = decide() }
            } catch {
                logger.warning("cannot read the administrators' keys again for the command gate; keeping the last ones", metadata: ["reason": "\(error)"])
            }
        }
        switch decision {
        case .pass:
            return true
        case .refuse(let refusal):
            alarms.commandRefused(refusal, command: command, target: device.deviceKey)
            return false
        case .hold(let trippedAt):
            // A hold comes only after the approval was judged, so the command was read.
            if let command { alarms.wipeHeld(trippedAt: trippedAt, command: command, target: device.deviceKey) }
            return false
        }
    }

    private func record(_ verdict: InspectionVerdict, direction: String, source: String, device: String?) {
        alarms.inspectionRefused(verdict, direction: direction, source: source, device: device)
        metrics.verdict(direction: direction, endpoint: verdict.subject.endpoint?.rawValue ?? "none", decision: verdict.wouldHaveDecided.description)
        for id in verdict.ruleIDs { metrics.rule(id, direction: direction) }
        // Built from rule ids, the endpoint, message type and device id only: never a token, challenge or body.
        if verdict.findings.isEmpty {
            logger.debug("\(verdict.logSummary)", metadata: ["direction": "\(direction)"])
        } else {
            logger.notice("\(verdict.logSummary)", metadata: ["direction": "\(direction)"])
        }
    }

    /// The device's headers the core may see, with any `X-Palisade-*` a device sent removed.
    static func forwardedHeaders(_ fields: HTTPFields) -> HTTPFields {
        var result = HTTPFields()
        for field in fields where forwardedRequestHeaders.contains(field.name) && !RelayClientInfo.isRelayHeader(field.name) {
            result.append(field)
        }
        return result
    }

    static func refusal(_ status: Int, _ message: String) -> Response {
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8"]
        // Refusals that mean "not now" say when to come back.
        if status == 503 { headers[.retryAfter] = "1" }
        if status == 429 { headers[.retryAfter] = "5" }
        return Response(
            status: .init(code: status == 401 ? 403 : status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: message + "\n"))
        )
    }

    static func unavailable() -> Response {
        Response(
            status: .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8", .retryAfter: "30"],
            body: .init(byteBuffer: ByteBuffer(string: "the server cannot answer now; retry later\n"))
        )
    }

    static func reason(_ error: RelayError) -> String {
        switch error {
        case .noCoreConnected: "no-core"
        case .timedOut: "timeout"
        case .linkClosed: "link-closed"
        case .malformedResponse: "malformed-response"
        case .malformedPin, .identity: "configuration"
        }
    }
}
