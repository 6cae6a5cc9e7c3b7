import Core
import Foundation
import Hummingbird
import PalisadeCore
import Testing

@Suite struct AdminAPIResourceTests {
    @Test func devicesAreRegisteredListedFilteredUpdatedAndDeleted() async throws {
        try await AdminAPIHarness.run { h in
            let created = try await h.call(.post, "/api/devices", json: """
                {"platform":"android","ownership":"personal","serialNumber":"R52T-1","name":"Field tablet","tags":["site:leeds","field"]}
                """)
            #expect(created.status == .created)
            let device = try AdminAPIHarness.json(created)
            let id = try #require(device["id"]?.stringValue)
            #expect(device["tags"] == .array([.string("field"), .string("site:leeds")]))
            #expect(device["enrollmentState"] == .string("pending"))
            _ = try await h.addDevice(Device(platform: .ios, createdAt: Date()))

            let android = try AdminAPIHarness.json(try await h.call(.get, "/api/devices?platform=android"))
            #expect(android["items"]?.arrayValue?.count == 1)
            #expect(android["total"] == .number(1))
            let byTag = try AdminAPIHarness.json(try await h.call(.get, "/api/devices?tag=field&ownership=personal"))
            #expect(byTag["items"]?.arrayValue?.first?["id"] == .string(id))
            let all = try AdminAPIHarness.json(try await h.call(.get, "/api/devices?limit=1"))
            #expect(all["total"] == .number(2))
            let cursor = try #require(all["nextCursor"]?.stringValue)
            let rest = try AdminAPIHarness.json(try await h.call(.get, "/api/devices?limit=1&cursor=\(cursor)"))
            #expect(rest["nextCursor"] == .null)
            #expect(rest["items"]?.arrayValue?.count == 1)

            let patched = try await h.call(.patch, "/api/devices/\(id)", json: #"{"name":null,"tags":["moved"],"ownership":"corporate"}"#)
            #expect(patched.status == .ok)
            let detail = try AdminAPIHarness.json(try await h.call(.get, "/api/devices/\(id)"))
            #expect(detail["device"]?["name"] == .null)
            #expect(detail["device"]?["tags"] == .array([.string("moved")]))
            #expect(detail["device"]?["ownership"] == .string("corporate"))
            #expect(detail["groups"] == .array([]))

            let twin = try await h.call(.post, "/api/devices", json: #"{"platform":"android","serialNumber":"R52T-1"}"#)
            #expect(twin.status == .conflict)

            #expect(try await h.call(.delete, "/api/devices/\(id)").status == .noContent)
            #expect(try await h.call(.get, "/api/devices/\(id)").status == .notFound)
            #expect(try await h.call(.delete, "/api/devices/\(id)").status == .notFound)

            let actions = try AdminAPIHarness.json(try await h.call(.get, "/api/audit-events?action=device."))["items"]?.arrayValue?.compactMap { $0["action"]?.stringValue }
            #expect(actions == ["device.delete", "device.update", "device.create"])
        }
    }

    @Test func groupsHoldMembersAllOrNothing() async throws {
        try await AdminAPIHarness.run { h in
            let a = try await h.addDevice(Device(platform: .ios, createdAt: Date()))
            let group = try AdminAPIHarness.json(try await h.call(.post, "/api/groups", json: #"{"name":"Board","description":"Directors"}"#))
            let id = try #require(group["id"]?.stringValue)
            #expect(id == id.lowercased())
            #expect(try await h.call(.post, "/api/groups", json: #"{"name":"Board"}"#).status == .conflict)

            let unknown = UUID().uuidString.lowercased()
            let partial = try await h.call(.post, "/api/groups/\(id)/members", json: "{\"deviceIds\":[\"\(a.id)\",\"\(unknown)\"]}")
            #expect(partial.status == .notFound)
            #expect(try await h.storage.allMembers(of: try #require(UUID(uuidString: id))).isEmpty)

            #expect(try await h.call(.post, "/api/groups/\(id)/members", json: "{\"deviceIds\":[\"\(a.id)\"]}").status == .noContent)
            let members = try AdminAPIHarness.json(try await h.call(.get, "/api/groups/\(id)/members"))
            #expect(members["items"] == .array([.string(a.id.description)]))
            let filtered = try AdminAPIHarness.json(try await h.call(.get, "/api/devices?group=\(id)"))
            #expect(filtered["total"] == .number(1))

            let renamed = try AdminAPIHarness.json(try await h.call(.patch, "/api/groups/\(id)", json: #"{"name":"Directors"}"#))
            #expect(renamed["name"] == .string("Directors"))
            #expect(renamed["description"] == .string("Directors"))

            #expect(try await h.call(.delete, "/api/groups/\(id)/members/\(a.id)").status == .noContent)
            #expect(try await h.call(.delete, "/api/groups/\(id)/members/\(a.id)").status == .notFound)
            #expect(try await h.call(.delete, "/api/groups/\(id)").status == .noContent)
            #expect(try await h.call(.get, "/api/groups/\(id)").status == .notFound)
        }
    }

    @Test func commandsAreQueuedForADeviceOrAGroupAndCanBeCancelled() async throws {
        try await AdminAPIHarness.run { h in
            let enrolled = try await h.addDevice(Device(platform: .ios, enrollmentState: .enrolled, createdAt: Date()))
            let gone = try await h.addDevice(Device(platform: .ios, enrollmentState: .unenrolled, createdAt: Date()))
            let single = try await h.call(.post, "/api/commands", json: """
                {"requestType":"RestartDevice","deviceId":"\(enrolled.id)","payload":{"NotifyUser":true}}
                """)
            #expect(single.status == .created)
            let queued = try #require(try AdminAPIHarness.json(single)["commands"]?.arrayValue?.first)
            #expect(queued["state"] == .string("queued"))
            #expect(queued["payload"]?["NotifyUser"] == .bool(true))
            let commandID = try #require(queued["id"]?.stringValue)

            #expect(try await h.call(.post, "/api/commands", json: "{\"requestType\":\"DeviceLock\",\"deviceId\":\"\(gone.id)\"}").status == .conflict)

            let group = try AdminAPIHarness.json(try await h.call(.post, "/api/groups", json: #"{"name":"All"}"#))["id"]!.stringValue!
            _ = try await h.call(.post, "/api/groups/\(group)/members", json: "{\"deviceIds\":[\"\(enrolled.id)\",\"\(gone.id)\"]}")
            let fanned = try AdminAPIHarness.json(try await h.call(.post, "/api/commands", json: "{\"requestType\":\"DeviceInformation\",\"groupId\":\"\(group)\"}"))
            #expect(fanned["count"] == .number(1))
            #expect(fanned["skipped"] == .number(1))
            let batch = try #require(fanned["batchId"]?.stringValue)
            let inBatch = try AdminAPIHarness.json(try await h.call(.get, "/api/commands?batch=\(batch)"))
            #expect(inBatch["items"]?.arrayValue?.count == 1)

            let forDevice = try AdminAPIHarness.json(try await h.call(.get, "/api/commands?device=\(enrolled.id)&state=queued"))
            #expect(forDevice["items"]?.arrayValue?.count == 2)

            let cancelled = try await h.call(.post, "/api/commands/\(commandID)/cancel")
            #expect(try AdminAPIHarness.json(cancelled)["state"] == .string("cancelled"))
            let again = try await h.call(.post, "/api/commands/\(commandID)/cancel")
            #expect(again.status == .conflict)
            #expect(try AdminAPIHarness.json(again)["error"] == .string("invalid_state"))
            #expect(try await h.call(.post, "/api/commands/\(UUID().uuidString)/cancel").status == .notFound)
        }
    }

    @Test func aCommandsResultIsShownAsJSON() async throws {
        try await AdminAPIHarness.run { h in
            let device = try await h.addDevice(Device(platform: .ios, enrollmentState: .enrolled, createdAt: Date()))
            let command = Command(deviceID: device.id, requestType: "DeviceInformation", createdAt: Date())
            try await h.storage.enqueue([command])
            let session = try await h.storage.beginSession(for: device.id)
            _ = try await h.storage.nextCommand(for: device.id, session: session, at: Date())
            let plist = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0"><dict>
                <key>QueryResponses</key><dict><key>OSVersion</key><string>18.1</string><key>IsSupervised</key><true/><key>BatteryLevel</key><real>0.5</real></dict>
                <key>Status</key><string>Acknowledged</string>
                </dict></plist>
                """
            _ = try await h.storage.record(CommandReport(status: .acknowledged, result: Data(plist.utf8)), for: command.id, from: device.id, session: session, at: Date())
            let shown = try AdminAPIHarness.json(try await h.call(.get, "/api/commands/\(command.id.uuidString)"))
            #expect(shown["state"] == .string("acknowledged"))
            #expect(shown["result"]?["Status"] == .string("Acknowledged"))
            #expect(shown["result"]?["QueryResponses"]?["OSVersion"] == .string("18.1"))
            #expect(shown["result"]?["QueryResponses"]?["IsSupervised"] == .bool(true))
            #expect(shown["result"]?["QueryResponses"]?["BatteryLevel"] == .number(0.5))
        }
    }

    @Test func metricsCountRequestsByRouteAndStatus() async throws {
        try await AdminAPIHarness.run { h in
            _ = try await h.call(.get, "/api/devices")
            _ = try await h.call(.get, "/api/devices/\(UUID().uuidString)")
            let text = String(buffer: try await h.call(.get, "/metrics").body)
            #expect(text.contains(#"palisade_admin_requests_total{method="GET",route="/api/devices",status="200"} 1"#))
            #expect(text.contains(#"palisade_admin_requests_total{method="GET",route="/api/devices/{id}",status="404"} 1"#))
        }
    }
}
