import Foundation
import Hummingbird
import Logging
import Metrics
import NIOCore
import PalisadeCore
import Prometheus

/// The admin API: JSON over HTTP for inventory, groups, commands and audit, served by the core on its own
/// listener. Every route but `GET /health` needs a bearer token of an administrator with the route's role.
public struct AdminAPI: Sendable {
    let storage: any PalisadeStorage
    let clock: any WallClock
    let metrics: PrometheusCollectorRegistry
    let body: RequestBodyReader
    let openAPIDocument: Data
    let pusher: any DevicePusher
    /// Enrolment invitations and profiles; `nil` in cores without a device listener (tests of other routes).
    let enrollment: EnrollmentService?
    let pushService: PushService?
    /// Holds sensitive commands for approvers; `nil` only in cores without key material (tests of other routes),
    /// which then refuse sensitive commands.
    let approvals: CommandApprovals?
    /// Patch intelligence and compliance; `nil` in tests of other routes, which then answer 503 on its routes.
    let compliance: ComplianceService?

    public init(
        storage: any PalisadeStorage, clock: any WallClock = SystemWallClock(),
        metrics: PrometheusCollectorRegistry, maximumBodyBytes: Int = 1024 * 1024,
        pusher: any DevicePusher = SilentPusher(), enrollment: EnrollmentService? = nil, pushService: PushService? = nil,
        approvals: CommandApprovals? = nil, compliance: ComplianceService? = nil
    ) {
        self.approvals = approvals
        self.compliance = compliance
        self.storage = storage
        self.clock = clock
        self.metrics = metrics
        self.pusher = pusher
        self.enrollment = enrollment
        self.pushService = pushService
        body = RequestBodyReader(limit: maximumBodyBytes)
        openAPIDocument = Self.loadOpenAPIDocument()
    }

    /// Every route, in the order the OpenAPI document lists them.
    public var routes: [AdminRoute] {
        [
            AdminRoute(method: .get, path: "/health", minimumRole: nil, handler: health),
            AdminRoute(method: .get, path: "/metrics", minimumRole: .viewer, handler: prometheusMetrics),
            AdminRoute(method: .get, path: "/api/openapi.json", minimumRole: .viewer, handler: openAPI),
            AdminRoute(method: .get, path: "/api/devices", minimumRole: .viewer, handler: listDevices),
            AdminRoute(method: .post, path: "/api/devices", minimumRole: .operator, handler: createDevice),
            AdminRoute(method: .get, path: "/api/devices/{id}", minimumRole: .viewer, handler: getDevice),
            AdminRoute(method: .get, path: "/api/devices/{id}/posture", minimumRole: .viewer, handler: getDevicePosture),
            AdminRoute(method: .patch, path: "/api/devices/{id}", minimumRole: .operator, handler: updateDevice),
            AdminRoute(method: .delete, path: "/api/devices/{id}", minimumRole: .admin, handler: deleteDevice),
            AdminRoute(method: .post, path: "/api/devices/{id}/identity/revoke", minimumRole: .admin, handler: revokeDeviceIdentity),
            AdminRoute(method: .get, path: "/api/groups", minimumRole: .viewer, handler: listGroups),
            AdminRoute(method: .post, path: "/api/groups", minimumRole: .operator, handler: createGroup),
            AdminRoute(method: .get, path: "/api/groups/{id}", minimumRole: .viewer, handler: getGroup),
            AdminRoute(method: .patch, path: "/api/groups/{id}", minimumRole: .operator, handler: updateGroup),
            AdminRoute(method: .delete, path: "/api/groups/{id}", minimumRole: .operator, handler: deleteGroup),
            AdminRoute(method: .get, path: "/api/groups/{id}/members", minimumRole: .viewer, handler: listMembers),
            AdminRoute(method: .post, path: "/api/groups/{id}/members", minimumRole: .operator, handler: addMembers),
            AdminRoute(method: .delete, path: "/api/groups/{id}/members/{deviceId}", minimumRole: .operator, handler: removeMember),
            AdminRoute(method: .get, path: "/api/commands", minimumRole: .viewer, handler: listCommands),
            AdminRoute(method: .post, path: "/api/commands", minimumRole: .operator, handler: enqueueCommand),
            AdminRoute(method: .get, path: "/api/commands/{id}", minimumRole: .viewer, handler: getCommand),
            AdminRoute(method: .post, path: "/api/commands/{id}/cancel", minimumRole: .operator, handler: cancelCommand),
            AdminRoute(method: .get, path: "/api/approvals", minimumRole: .viewer, handler: listApprovals),
            AdminRoute(method: .get, path: "/api/approvals/{id}", minimumRole: .viewer, handler: getApproval),
            AdminRoute(method: .post, path: "/api/approvals/{id}/signatures", minimumRole: .operator, handler: signApproval),
            AdminRoute(method: .get, path: "/api/wipe-breaker/trips", minimumRole: .viewer, handler: listWipeBreakerTrips),
            AdminRoute(method: .post, path: "/api/wipe-breaker/trips/{tripId}/signatures", minimumRole: .approver, handler: signWipeBreakerRelease),
            AdminRoute(method: .get, path: "/api/audit-events", minimumRole: .viewer, handler: listAuditEvents),
            AdminRoute(method: .get, path: "/api/audit-events/verify", minimumRole: .viewer, handler: verifyAuditChain),
            AdminRoute(method: .post, path: "/api/enrollment-invitations", minimumRole: .operator, handler: createInvitation),
            AdminRoute(method: .get, path: "/api/enrollment-invitations/{id}/profile", minimumRole: .operator, handler: invitationProfile),
            AdminRoute(method: .get, path: "/api/enrollment-links", minimumRole: .operator, handler: listEnrollmentLinks),
            AdminRoute(method: .post, path: "/api/enrollment-links", minimumRole: .operator, handler: createEnrollmentLink),
            AdminRoute(method: .get, path: "/api/enrollment-links/{id}", minimumRole: .operator, handler: getEnrollmentLink),
            AdminRoute(method: .post, path: "/api/enrollment-links/{id}/revoke", minimumRole: .operator, handler: revokeEnrollmentLink),
            AdminRoute(method: .get, path: "/api/apns/certificate", minimumRole: .viewer, handler: pushCertificate),
            AdminRoute(method: .get, path: "/api/administrators", minimumRole: .admin, handler: listAdministrators),
            AdminRoute(method: .post, path: "/api/administrators", minimumRole: .admin, handler: createAdministrator),
            AdminRoute(method: .post, path: "/api/administrators/{id}/keys", minimumRole: .admin, handler: addAdministratorKey),
            AdminRoute(method: .put, path: "/api/apns/certificate", minimumRole: .admin, handler: importPushCertificate),
            AdminRoute(method: .get, path: "/api/catalog", minimumRole: .viewer, handler: catalogStatus),
            AdminRoute(method: .put, path: "/api/catalog/sources", minimumRole: .admin, handler: importCatalogSources),
            AdminRoute(method: .get, path: "/api/catalog/overrides", minimumRole: .viewer, handler: catalogOverrides),
            AdminRoute(method: .put, path: "/api/catalog/overrides", minimumRole: .admin, handler: replaceCatalogOverrides),
            AdminRoute(method: .get, path: "/api/reports/patch", minimumRole: .viewer, handler: patchReport),
            AdminRoute(method: .get, path: "/api/reports/compliance", minimumRole: .viewer, handler: complianceReport),
            AdminRoute(method: .get, path: "/api/reports/makers", minimumRole: .viewer, handler: makersReport),
            AdminRoute(method: .get, path: "/api/advice", minimumRole: .viewer, handler: purchaseAdvice),
            AdminRoute(method: .get, path: "/api/compliance/policies", minimumRole: .viewer, handler: compliancePolicies),
            AdminRoute(method: .post, path: "/api/compliance/evaluate", minimumRole: .operator, handler: evaluateCompliance),
            AdminRoute(method: .get, path: "/api/compliance/devices/{id}", minimumRole: .viewer, handler: deviceCompliance),
        ]
    }

    /// The router serving every route, with JSON errors, bearer authentication and request metrics.
    public func router() -> Router<AdminContext> {
        let router = Router(context: AdminContext.self)
        router.add(middleware: RequestMetricsMiddleware(factory: PrometheusMetricsFactory(registry: metrics)))
        router.add(middleware: ErrorMiddleware())
        let authenticator = BearerAuthenticator(store: storage, clock: clock)
        for route in routes {
            router.on(RouterPath(route.routerPath), method: route.method) { request, context in
                var context = context
                if let role = route.minimumRole {
                    context.administrator = try await authenticator.authenticate(request, minimumRole: role)
                }
                return try await route.handler(request, context)
            }
        }
        // A method a path does not have is refused with 405 and the methods it has, to a caller who may call one
        // of them; anyone else learns no more than the 401 or 403 of the path's own routes would tell.
        for (path, routes) in Dictionary(grouping: routes, by: \.routerPath) {
            let allowed = routes.map(\.method)
            let least = routes.contains { $0.minimumRole == nil } ? nil : routes.compactMap(\.minimumRole).min()
            for method in Self.methods where !allowed.contains(method) {
                router.on(RouterPath(path), method: method) { request, _ -> Response in
                    if let least { _ = try await authenticator.authenticate(request, minimumRole: least) }
                    throw APIError.methodNotAllowed(allowed)
                }
            }
        }
        return router
    }

    /// The methods answered with 405 on a path that does not have them: RFC 9110's, less CONNECT, and QUERY (the
    /// safe method with a body the IETF is standardising). Any other method finds no route (404).
    static let methods: [HTTPRequest.Method] = [.get, .head, .post, .put, .delete, .patch, .options, .trace, HTTPRequest.Method("QUERY")!]

    // MARK: Shared pieces of the handlers

    func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONEncoder.api.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    func noContent() -> Response { Response(status: .noContent) }

    func deviceID(_ context: AdminContext, _ name: String = "id") throws -> DeviceID {
        guard let text = context.parameters.get(name), let id = DeviceID(text) else {
            throw APIError.invalid("'\(APIError.excerpt(context.parameters.get(name) ?? ""))' is not a device id (a UUID)")
        }
        return id
    }

    func uuid(_ context: AdminContext, _ name: String = "id") throws -> UUID {
        guard let text = context.parameters.get(name), let id = UUID(uuidString: text) else {
            throw APIError.invalid("'\(APIError.excerpt(context.parameters.get(name) ?? ""))' is not an id (a UUID)")
        }
        return id
    }

    /// Records what an administrator did.
    func audit(_ context: AdminContext, _ action: String, target: String?, detail: JSONValue = .object([:])) async throws {
        let actor: AuditEvent.Actor = context.administrator.map { .administrator($0.id) } ?? .system
        try await storage.append(AuditRecord(at: clock.now, actor: actor, action: action, target: target, detail: detail))
    }

    private static func loadOpenAPIDocument() -> Data {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
              let data = try? Data(contentsOf: url)
        else { return Data("{}".utf8) }
        return data
    }

    // MARK: Service routes

    @Sendable func health(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        do {
            try await storage.ping()
            return try json(JSONValue.object(["status": .string("ok")]))
        } catch {
            return try json(JSONValue.object(["status": .string("unavailable")]), status: .serviceUnavailable)
        }
    }

    @Sendable func prometheusMetrics(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        var buffer: [UInt8] = []
        metrics.emit(into: &buffer)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer))
        )
    }

    @Sendable func openAPI(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: openAPIDocument))
        )
    }
}
