import Foundation
import Hummingbird
import Metrics

/// Counts admin API requests and times them, by method, route template and status, for `/metrics`.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let factory: any MetricsFactory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        // Route templates, not raw paths, so device ids do not explode the label space.
        let route = context.endpointPath ?? "unmatched"
        let dimensions = [("method", request.method.rawValue), ("route", route), ("status", String(response.status.code))]
        Counter(label: "palisade_admin_requests_total", dimensions: dimensions, factory: factory).increment()
        Timer(label: "palisade_admin_request_duration_seconds", dimensions: [("method", request.method.rawValue), ("route", route)], factory: factory)
            .record(duration: ContinuousClock.now - started)
        return response
    }
}
