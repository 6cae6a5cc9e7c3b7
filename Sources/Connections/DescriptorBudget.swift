#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many file descriptors the process may open, and how many of them a device listener may hold.
///
/// A device listener open to the internet must never take the descriptors the admin listener, the relay links, the
/// database and log files need: it gets what is left after `reserve`, which covers the admin listener's own cap
/// (`ConnectionLimits.defaultAdminConnections`), relay links and their egress tunnels, database connections and
/// files.
public struct DescriptorBudget: Sendable, Hashable {
    /// The soft `RLIMIT_NOFILE` in force.
    public var limit: Int
    /// Descriptors kept for everything but the device listener.
    public var reserve: Int

    public init(limit: Int, reserve: Int = 2048) {
        self.limit = limit
        self.reserve = reserve
    }

    /// The device listener's total cap: the limit less the reserve, and never below 64 (a tiny limit still serves).
    public var deviceConnections: Int { max(64, limit - reserve) }

    /// The process's budget now, after raising the soft descriptor limit to the hard one (done once, at first use):
    /// a soft limit of 1024, common by default, would otherwise bound the listener far below what the host allows.
    public static var current: DescriptorBudget { DescriptorBudget(limit: raisedLimit) }

    private static let raisedLimit: Int = {
        var limits = rlimit()
        #if canImport(Glibc)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limits) == 0 else { return 1024 }
        if limits.rlim_cur < limits.rlim_max {
            var raised = limits
            raised.rlim_cur = limits.rlim_max
            if setrlimit(resource, &raised) == 0 { limits = raised }
        }
        // RLIM_INFINITY reads as a huge number; no listener needs more than this.
        return Int(min(limits.rlim_cur, 1 << 20))
    }()
}
