import Hummingbird

/// The device-facing listener. Apple and Android endpoints join it as their protocols are built; for now it
/// answers load-balancer health checks. Device-facing refusals are never 401: Apple devices unenrol on it.
enum DeviceEndpoints {
    static func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/health") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"ok\"}")))
        }
        return router
    }
}
