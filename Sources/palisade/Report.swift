import ArgumentParser
import Foundation
import PalisadeCore
import PatchIntel

/// How a report is printed.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// `palisade report …`: the fleet's patch state, compliance verdicts, and makers' records.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Patch, compliance and maker reports of the fleet.",
        subcommands: [Patch.self, Compliance.self, Makers.self, Policies.self]
    )

    struct Policies: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The compliance policies in effect, with every threshold and action.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let value = try await options.client().send("GET", "/api/compliance/policies")
            if options.json {
                Output.line(String(decoding: value.encodedPretty(), as: UTF8.self))
                return
            }
            Output.line("default policy: \(ReportPrinter.text(value["defaultPolicy"])); evaluated every \(ReportPrinter.text(value["intervalSeconds"])) s (0: on request)")
            for policy in value["policies"]?.arrayValue ?? [] {
                let rules = (policy["rules"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.compactMap { key, value -> String? in
                    switch value {
                    case .bool(false), .null: nil
                    case .array(let items) where items.isEmpty: nil
                    case .object(let members) where members.isEmpty: nil
                    default: "\(key)=\(ReportPrinter.text(value).replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: " ", with: ""))"
                    }
                }
                let actions = (policy["actions"]?.arrayValue ?? []).map { "\(ReportPrinter.text($0["kind"]))@\(ReportPrinter.text($0["afterDays"]))d" }
                Output.line("""
                    \(ReportPrinter.text(policy["name"])) (\(ReportPrinter.text(policy["tier"]))): grace \(ReportPrinter.text(policy["graceDays"])) days; \
                    actions \(actions.joined(separator: ", ")); rules \(rules.joined(separator: ", "))
                    """)
            }
        }
    }

    struct Makers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each model's share of devices behind and patch lag measured from the fleet, and each maker's score."
        )
        @OptionGroup var options: ClientOptions
        @Option(help: "table, json or csv.") var format: ReportFormat = .table

        func run() async throws {
            let value = try await options.client().send("GET", "/api/reports/makers")
            let format = options.json ? .json : format
            let models: JSONValue = .object(["items": value["models"] ?? .array([])])
            let makers: JSONValue = .object(["items": value["makers"] ?? .array([])])
            let modelColumns = ["platform", "maker", "model", "devices", "behind", "shareBehind", "lagSamples", "medianLagDays", "percentile90LagDays", "worstLagDays"]
            let makerColumns = ["maker", "score", "basis", "medianLagDays", "lagSamples", "committedYears", "lagPoints", "commitmentPoints"]
            switch format {
            case .json:
                ReportPrinter.print(value, format: .json, columns: [])
            case .csv:
                ReportPrinter.print(models, format: .csv, columns: modelColumns)
            case .table:
                ReportPrinter.print(makers, format: .table, columns: makerColumns)
                Output.line("")
                ReportPrinter.print(models, format: .table, columns: modelColumns)
                Output.line("reports of levels that are no bulletin, or builds the catalogue does not know: \(ReportPrinter.text(value["rejectedReports"]))")
            }
        }
    }

    struct Patch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each enrolled device's patch age, bulletins missed, exploited CVEs still open and support left."
        )
        @OptionGroup var options: ClientOptions
        @Option(help: "table, json or csv.") var format: ReportFormat = .table
        @Option(help: "Only ios or android devices.") var platform: String?

        func run() async throws {
            let value = try await options.client().send("GET", "/api/reports/patch", query: ["platform": platform])
            ReportPrinter.print(value, format: options.json ? .json : format, columns: [
                "deviceId", "name", "platform", "maker", "model", "catalogueModel", "osVersion", "patch", "patchAgeDays", "bulletinsMissed",
                "exploitedCVEs", "supportDaysLeft", "lifecycle", "findings",
            ])
        }
    }

    struct Compliance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each enrolled device's verdict with every reason, and a risk summary per policy (evaluated now, nothing stored)."
        )
        @OptionGroup var options: ClientOptions
        @Option(help: "table, json or csv.") var format: ReportFormat = .table
        @Option(help: "Only compliant, in-grace or non-compliant devices.") var verdict: String?

        func run() async throws {
            let value = try await options.client().send("GET", "/api/reports/compliance", query: ["verdict": verdict])
            let format = options.json ? .json : format
            ReportPrinter.print(value, format: format, columns: [
                "deviceId", "name", "platform", "model", "policy", "verdict", "reasons", "actionsDue", "accessBlocked", "graceEndsAt",
            ])
            if format == .table, let summaries = value["summaries"]?.arrayValue {
                Output.line("")
                Output.line(Table.render(rows: summaries, columns: [
                    "policy", "devices", "compliant", "inGrace", "nonCompliant", "accessBlocked", "endOfLife", "exploitedExposed", "unknownModels",
                    "medianPatchAgeDays",
                ]))
            }
        }
    }
}

/// Prints a report's `items` as a table, CSV (one row a device, lists joined by `; `) or the API's JSON.
enum ReportPrinter {
    static func print(_ value: JSONValue, format: ReportFormat, columns: [String]) {
        let rows = value["items"]?.arrayValue ?? []
        switch format {
        case .json:
            Output.line(String(decoding: value.encodedPretty(), as: UTF8.self))
        case .table:
            Output.line(Table.render(rows: rows.map(flattened), columns: columns))
        case .csv:
            var lines = [columns.map(quoted).joined(separator: ",")]
            for row in rows.map(flattened) {
                lines.append(columns.map { quoted(text(row[$0])) }.joined(separator: ","))
            }
            Output.line(lines.joined(separator: "\n"))
        }
    }

    /// Lists of reasons and findings as their messages joined, so a cell holds them all.
    static func flattened(_ row: JSONValue) -> JSONValue {
        guard case .object(var members) = row else { return row }
        for (key, member) in members {
            guard let items = member.arrayValue else { continue }
            members[key] = .string(items.map { $0["message"]?.stringValue ?? text($0) }.joined(separator: "; "))
        }
        return .object(members)
    }

    static func text(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: text
        case .number(let number)?: number == number.rounded() ? String(Int(number)) : String(number)
        case .bool(let flag)?: flag ? "true" : "false"
        case .null?, nil: ""
        case let other?: String(decoding: other.encodedPretty(), as: UTF8.self)
        }
    }

    /// RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled. A leading `=`, `+`, `-` or `@`
    /// is prefixed with `'` so a spreadsheet does not run a device-reported name as a formula.
    static func quoted(_ text: String) -> String {
        var text = text
        if let first = text.first, "=+-@".contains(first), Double(text) == nil { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// `palisade advise`: which models to buy for a project of a given length.
struct AdviseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advise",
        abstract: "Rank models to buy by committed security support beyond the project's end and by measured patch lag.",
        discussion: """
            Models released in the last three years and still sold. First those whose maker's published support \
            outlasts the project (largest margin first, then fastest patches), then those that fall short, then \
            those with no published commitment (Apple publishes none; judge by its record).
            """
    )
    @OptionGroup var options: ClientOptions
    @Option(help: "How many years the devices must stay patched.") var years: Int
    @Option(help: "Only ios or android models.") var platform: String?
    @Option(help: "table, json or csv.") var format: ReportFormat = .table

    func validate() throws {
        guard (1...15).contains(years) else { throw ValidationError("--years must be 1 to 15") }
    }

    func run() async throws {
        let value = try await options.client().send("GET", "/api/advice", query: ["years": String(years), "platform": platform])
        let format = options.json ? .json : format
        if format == .table { Output.line("project of \(years) years, ending \(ReportPrinter.text(value["projectEnds"]))") }
        ReportPrinter.print(value, format: format, columns: [
            "standing", "platform", "maker", "model", "released", "supportEnds", "marginDays", "medianLagDays", "lagSource", "note",
        ])
    }
}

/// `palisade catalog …`: the patch catalogue the core judges devices with.
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Show, refresh or add to the patch catalogue (makers', models' and OS versions' support, iOS releases).",
        subcommands: [Show.self, Import.self, Overrides.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Where the catalogue comes from and what it holds.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let value = try await options.client().send("GET", "/api/catalog")
            options.show(value, columns: ["source", "importedAt", "importedBy", "models", "appleReleases", "newestAppleRelease"])
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Refresh the catalogue from newer copies of its sources.",
            discussion: """
                DIR holds endoflife.date's product files and SOFA's iOS feed as upstream lays them out: \
                DIR/endoflife/products/<product>.md (pixel, google-nexus, samsung-mobile, samsung-galaxy-tab, \
                motorola-mobility, nokia, oneplus, fairphone, sony-xperia, iphone, ipad, ios, ipados, android) and \
                DIR/sofa/ios_data_feed.json. They are checked here, then by the core, which keeps them in its \
                database for every core; nothing changes if any of them does not read.
                """
        )
        @OptionGroup var options: ClientOptions
        @Argument(help: "The directory of sources.") var directory: String

        func run() async throws {
            let sources: CatalogueSources
            do {
                sources = try CatalogueSources(directory: URL(fileURLWithPath: directory))
                _ = try PatchCatalogue(sources: sources)
            } catch {
                throw CLIError("\(directory): \(error)")
            }
            var files: [String: JSONValue] = ["sofa/ios_data_feed.json": .string(String(decoding: sources.sofaFeed, as: UTF8.self))]
            for (product, text) in sources.endOfLife { files["endoflife/products/\(product).md"] = .string(text) }
            let value = try await options.client().send("PUT", "/api/catalog/sources", body: .object(["files": .object(files)]))
            options.show(value, columns: ["source", "importedAt", "importedBy", "models", "appleReleases", "newestAppleRelease"])
        }
    }

    struct Overrides: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the administrators' additions, or replace them with a JSON file.",
            discussion: """
                The file: {"makers": [{"maker": "Bittium", "platform": "android", "securityYears": 5, "source": "…"}], \
                "models": [{"maker": "Samsung", "model": "Galaxy S24", "platform": "android", "aliases": ["SM-S921B"]}, \
                {"maker": "Zebra", "model": "TC58", "platform": "android", "released": "2023-05-01", "securitySupport": "2030-05-01"}], \
                "androidMonthsWithoutFixes": ["2025-10"]}. securitySupport is a date, true (ended, no date) or false \
                (no end published).
                """
        )
        @OptionGroup var options: ClientOptions
        @Option(help: "Replace the overrides with this JSON file.") var set: String?

        func run() async throws {
            let client = try options.client()
            if let set {
                guard let data = FileManager.default.contents(atPath: set) else { throw CLIError("cannot read \(set)") }
                let body: JSONValue
                do {
                    body = try JSONDecoder().decode(JSONValue.self, from: data)
                } catch {
                    throw CLIError("\(set) is not JSON: \(error)")
                }
                let value = try await client.send("PUT", "/api/catalog/overrides", body: body)
                Output.line("overrides stored: \(ReportPrinter.text(value["overrides"]?["makers"])) makers, \(ReportPrinter.text(value["overrides"]?["models"])) models")
            } else {
                let value = try await client.send("GET", "/api/catalog/overrides")
                Output.line(String(decoding: value.encodedPretty(), as: UTF8.self))
            }
        }
    }
}
