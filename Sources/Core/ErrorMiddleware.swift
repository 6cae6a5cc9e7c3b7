import Hummingbird
import Logging
import PalisadeCore

/// Turns every error a route throws into the API's JSON error body, so clients never see an HTML page, an empty
/// body or a stack trace. Unexpected errors become a logged 500 whose detail names no internals.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as StoreError {
            if case .backend(let text) = error {
                context.logger.error("storage failure", metadata: ["error": "\(text)"])
            }
            return try APIError(error).response(from: request, context: context)
        } catch let error as HTTPError {
            let code = switch error.status {
            case .notFound: "not_found"
            case .contentTooLarge: "too_large"
            case .methodNotAllowed: "method_not_allowed"
            default: "invalid_request"
            }
            let detail = error.body ?? (error.status == .notFound ? "no such route: \(request.method) \(request.uri.path)" : error.status.reasonPhrase)
            return try APIError(error.status, code, detail).response(from: request, context: context)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return try APIError(.internalServerError, "internal", "the server failed; the error is in its log")
                .response(from: request, context: context)
        }
    }
}
