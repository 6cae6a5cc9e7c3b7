import NIOCore

/// Joins two byte streams both ways until either side ends, then ends the other: the egress tunnel's pipe.
public enum ByteSplice {
    /// Copies what is left of the first connection's input (read through `firstInbound`, which may already have
    /// consumed a request line) to `secondOutbound`, and the second connection's input to `firstOutbound`.
    public static func run(
        firstInbound: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
        firstOutbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        secondInbound: NIOAsyncChannelInboundStream<ByteBuffer>,
        secondOutbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for try await chunk in secondInbound { try await firstOutbound.write(chunk) }
                } catch {}
                // Ending one side's output closes it, which also ends the loop below.
                firstOutbound.finish()
            }
            do {
                while let chunk = try await firstInbound.next() { try await secondOutbound.write(chunk) }
            } catch {}
            secondOutbound.finish()
            await group.waitForAll()
        }
    }
}
