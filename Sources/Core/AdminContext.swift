import Hummingbird
import PalisadeCore

/// The request context of the admin API: who is calling, once the bearer token has been checked.
public struct AdminContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `BearerAuthMiddleware` on every route that needs a token.
    public var administrator: Administrator?

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// Bodies are read by `RequestBodyReader` with the configured limit; this is the framework's outer bound.
    public var maxUploadSize: Int { 16 * 1024 * 1024 }
}
