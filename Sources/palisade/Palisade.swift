import ArgumentParser

@main
struct Palisade: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "palisade",
        abstract: "Palisade: a Mobile Device Management server for iOS and Android.",
        discussion: """
            Start here: 'palisade up' runs the whole system on this machine with an embedded database and prints \
            an admin token. The devices, command, groups and audit commands talk to a running core's admin API \
            (set PALISADE_URL and PALISADE_TOKEN, or pass --url and --token).
            """,
        version: "0.1.0",
        subcommands: [Up.self, CoreCommand.self, EdgeCommand.self, RelayCommand.self, Devices.self, CommandGroup.self, ApprovalsCommand.self, Approve.self, WipeBreakerCommand.self, ReportCommand.self, AdviseCommand.self, CatalogCommand.self, Groups.self, Audit.self, Keys.self, AdminCommand.self, Enroll.self, APNs.self, Sim.self, Inspect.self, Bench.self]
    )
}
