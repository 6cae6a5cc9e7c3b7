import Hummingbird
import NIOCore

/// The request context of the APNs stand-in: Hummingbird's core context plus the channel, which is what
/// leads to the TLS session and so to the client certificate.
struct APNsStandInContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}
