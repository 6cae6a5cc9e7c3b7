import Testing

/// The suites that run whole systems (cores, edges, simulated fleets, `palisade` processes), one after another:
/// run side by side on a two-core machine they starve each other and every other suite of CPU.
@Suite(.serialized) enum LiveSystemTests {}
