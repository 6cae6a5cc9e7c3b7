import Foundation
import PalisadeCore
import Testing
@testable import AppleMDM

private let everyKind = PropertyListValue.dictionary([
    "string": .string("Zoë & <friends> \"quoted\" 'single'\ttab\nline\r\n"),
    "integer": .integer(-9_223_372_036_854_775_807),
    "big": .integer(Int64.max),
    "real": .real(0.1),
    "whole real": .real(2),
    "true": .bool(true),
    "false": .bool(false),
    "date": .date(Date(timeIntervalSince1970: 1_700_000_000)),
    "data": .data(Data((0...255).map(UInt8.init))),
    "empty data": .data(Data()),
    "array": .array([.string(""), .integer(0), .array([]), .dictionary([:])]),
    "nested": .dictionary(["inner": .dictionary(["deep": .bool(true)])]),
])

@Suite("PropertyListValue")
struct PropertyListValueTests {
    @Test("every kind round-trips through Palisade's XML writer and Foundation's reader")
    func roundTrip() throws {
        let xml = everyKind.xmlDocument()
        let object = try PropertyListSerialization.propertyList(from: xml, format: nil)
        #expect(try PropertyListValue(foundationObject: object) == everyKind)
        #expect(try PropertyListGuard().decode(xml) == everyKind)
    }

    @Test("Foundation objects convert both ways")
    func foundationObjects() throws {
        let object = everyKind.foundationObject
        let binary = try PropertyListSerialization.data(fromPropertyList: object, format: .binary, options: 0)
        let back = try PropertyListSerialization.propertyList(from: binary, format: nil)
        #expect(try PropertyListValue(foundationObject: back) == everyKind)
        #expect(throws: PropertyListRefusal(.unsupportedValue)) { try PropertyListValue(foundationObject: NSNull()) }
    }

    @Test("an integer beyond the signed 64-bit range is refused, not rounded")
    func hugeInteger() {
        #expect(throws: PropertyListRefusal(.unsupportedValue)) {
            try PropertyListGuard().decode(FixtureFiles.plist("<integer>18446744073709551615</integer>"))
        }
    }

    @Test("the admin API view shows dates as RFC 3339 and data as base64")
    func jsonView() {
        let value = PropertyListValue.dictionary([
            "date": .date(Date(timeIntervalSince1970: 0)), "data": .data(Data([0xFF])), "count": .integer(3),
            "ratio": .real(0.5), "flag": .bool(true), "list": .array([.string("a")]),
        ])
        #expect(value.jsonValue == .object([
            "date": .string("1970-01-01T00:00:00Z"), "data": .string("/w=="), "count": .number(3),
            "ratio": .number(0.5), "flag": .bool(true), "list": .array([.string("a")]),
        ]))
    }

    @Test("accessors return values only for their own kind; reals also read integers")
    func accessors() {
        #expect(PropertyListValue.integer(3).realValue == 3)
        #expect(PropertyListValue.real(3).integerValue == nil)
        #expect(PropertyListValue.string("x").boolValue == nil)
        #expect(PropertyListValue.dictionary(["a": .bool(true)])["a"] == .bool(true))
        #expect(PropertyListValue.array([])["a"] == nil)
        #expect(PropertyListKind.allCases.count == 8)
    }
}
