import Edge
import Testing

@Suite struct EgressAllowListTests {
    @Test func theStandardListReachesApplesPushServiceAndGoogleOnly() throws {
        let list = EgressAllowList.standard
        #expect(try list.decide(connectTarget: "api.push.apple.com:443") == ("api.push.apple.com", 443))
        #expect(try list.decide(connectTarget: "API.Push.Apple.com.:2197") == ("api.push.apple.com", 2197))
        #expect(try list.decide(connectTarget: "androidmanagement.googleapis.com:443").port == 443)
        #expect(throws: EgressError.notAllowed(host: "api.push.apple.com", port: 80)) {
            try list.decide(connectTarget: "api.push.apple.com:80")
        }
        #expect(throws: EgressError.notAllowed(host: "evil.example", port: 443)) { try list.decide(connectTarget: "evil.example:443") }
        #expect(throws: EgressError.notAllowed(host: "api.push.apple.com.evil.example", port: 443)) {
            try list.decide(connectTarget: "api.push.apple.com.evil.example:443")
        }
        #expect(throws: EgressError.notAllowed(host: "17.188.128.1", port: 443)) { try list.decide(connectTarget: "17.188.128.1:443") }
        #expect(throws: EgressError.notAllowed(host: "[::1]", port: 443)) { try list.decide(connectTarget: "[::1]:443") }
    }

    @Test(arguments: ["api.push.apple.com", "api.push.apple.com:", "api.push.apple.com:0", "api.push.apple.com:70000",
                      "http://api.push.apple.com:443", "user@api.push.apple.com:443", ":443", "a b:443"])
    func malformedTargetsAreRefused(_ target: String) {
        #expect(throws: EgressError.self) { try EgressAllowList.standard.decide(connectTarget: target) }
    }

    @Test func wildcardsMatchSubdomainsButNotTheBareDomain() throws {
        let list = try EgressAllowList(entries: ["*.apps.example.org:443"])
        #expect(try list.decide(connectTarget: "store.apps.example.org:443").host == "store.apps.example.org")
        #expect(try list.decide(connectTarget: "a.b.apps.example.org:443").host == "a.b.apps.example.org")
        #expect(throws: EgressError.self) { try list.decide(connectTarget: "apps.example.org:443") }
        #expect(throws: EgressError.self) { try list.decide(connectTarget: "evilapps.example.org:443") }
    }

    @Test(arguments: ["10.0.0.1:443", "[::1]:443", "api.push.apple.com", "api.push.apple.com:99999", "bad_host:443",
                      "-lead.example:443", "a..b:443", "*.:443", ""])
    func badEntriesRefuseTheWholeList(_ entry: String) {
        #expect(throws: EgressError.self) { try EgressAllowList(entries: ["api.push.apple.com:443", entry]) }
    }

    @Test func everyStandardEntryParses() throws {
        for destination in EgressAllowList.standard.destinations {
            #expect(try EgressDestination(destination.description) == destination)
        }
    }
}
