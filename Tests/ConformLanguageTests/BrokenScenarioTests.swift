import ConformLanguage
import ConformTestSupport
import Foundation
import Testing

/// A scenario file that must not load, with the whole text `conform validate` prints for it.
struct BrokenScenario: Sendable, CustomTestStringConvertible {
    let name: String
    /// The file's text; a final line break is added as editors do.
    let yaml: String
    let expected: String

    init(_ name: String, _ yaml: String, _ expected: String) {
        self.name = name
        self.yaml = yaml + "\n"
        self.expected = expected
    }

    var testDescription: String { name }
}

@Suite("Broken scenarios")
struct BrokenScenarioTests {
    static let cases: [BrokenScenario] = [
        // YAML syntax
        BrokenScenario(
            "unclosed flow sequence",
            #"""
            report: BROKEN
            tags: [a, b
            steps:
              - sleep: 1s
            """#,
            #"""
            error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 2, column 7)
             --> broken.yaml:3:6
            3 | steps:
              |      ^ inside { } and [ ], quote keys and values that contain '[', ']', '{', '}', ',' or ': ', or close the bracket
            """#),
        BrokenScenario(
            "bad indentation",
            #"""
            report: BROKEN
            steps:
              - id: one
                sleep: 1s
               after: one
            """#,
            #"""
            error: invalid YAML: did not find expected '-' indicator (while parsing a block collection at line 3, column 3)
             --> broken.yaml:5:4
            5 |    after: one
              |    ^
            """#),
        BrokenScenario(
            "tab indentation",
            #"""
            report: BROKEN
            steps:
              - id: one
            \#tsleep: 1s
            """#,
            #"""
            error: invalid YAML: found a tab character that violates indentation (while scanning a plain scalar at line 3, column 9)
             --> broken.yaml:4:1
            4 |  sleep: 1s
              | ^ indent with spaces; YAML does not allow tabs in indentation
            """#),
        BrokenScenario(
            "unclosed quote",
            #"""
            report: "BROKEN
            steps:
              - sleep: 1s
            """#,
            #"""
            error: invalid YAML: found unexpected end of stream (while scanning a quoted scalar at line 1, column 9)
             --> broken.yaml:1:9
            1 | report: "BROKEN
              |         ^
            """#),
        BrokenScenario(
            "duplicate key",
            #"""
            report: BROKEN
            steps:
              - id: one
                sleep: 1s
                id: two
            """#,
            #"""
            error: duplicate key 'id'
             --> broken.yaml:5:5
            5 |     id: two
              |     ^^ first defined at line 3; remove one of them
            """#),
        BrokenScenario(
            "unknown alias",
            #"""
            report: BROKEN
            steps:
              - http: {get: http://localhost/, headers: *auth}
            """#,
            #"""
            error: unknown alias '*auth'
             --> broken.yaml:3:45
            3 |   - http: {get: http://localhost/, headers: *auth}
              |                                             ^^^^^ define '&auth' before using it
            """#),
        BrokenScenario(
            "merge key with a scalar",
            #"""
            report: BROKEN
            steps:
              - http:
                  get: http://localhost/
                  headers: {<<: plain}
            """#,
            #"""
            error: a merge key '<<' needs a mapping or a list of mappings
             --> broken.yaml:5:21
            5 |       headers: {<<: plain}
              |                     ^ write '<<: *anchor' where '&anchor' names a mapping
            """#),
        BrokenScenario(
            "several YAML documents",
            #"""
            report: BROKEN
            steps:
              - sleep: 1s
            ---
            report: OTHER
            steps:
              - sleep: 1s
            """#,
            #"""
            error: a scenario file holds one YAML document, found 2
             --> broken.yaml:5:1
            5 | report: OTHER
              | ^ put each scenario in its own file
            """#),
        BrokenScenario(
            "scenario is a list",
            #"""
            - sleep: 1s
            """#,
            #"""
            error: the scenario must be a mapping, found a list
             --> broken.yaml:1:1
            1 | - sleep: 1s
              | ^
            """#),
        // Scenario keys
        BrokenScenario(
            "misspelled top-level key",
            #"""
            report: BROKEN
            stpes:
              - sleep: 1s
            """#,
            #"""
            error: unknown key 'stpes' in the scenario
             --> broken.yaml:2:1
            2 | stpes:
              | ^^^^^ did you mean 'steps'?
            """#),
        BrokenScenario(
            "missing steps",
            #"""
            report: BROKEN
            tags: [smoke]
            """#,
            #"""
            error: missing 'steps' in the scenario
             --> broken.yaml:1:1
            1 | report: BROKEN
              | ^ add 'steps:' with a list of steps
            """#),
        BrokenScenario(
            "empty steps",
            #"""
            report: BROKEN
            steps: []
            """#,
            #"""
            error: 'steps' is empty
             --> broken.yaml:2:8
            2 | steps: []
              |        ^ add at least one step
            """#),
        BrokenScenario(
            "invalid report name",
            #"""
            report: dedup 2d
            steps:
              - sleep: 1s
            """#,
            #"""
            error: invalid report name 'dedup 2d'
             --> broken.yaml:1:9
            1 | report: dedup 2d
              |         ^^^^^^^^ use letters, digits, '_' and '-', such as DEDUP2D_S3_LIFECYCLE
            """#),
        BrokenScenario(
            "bad duration",
            #"""
            report: BROKEN
            timeout: 3 minutes
            steps:
              - sleep: 1s
            """#,
            #"""
            error: invalid duration '3 minutes' for 'timeout'
             --> broken.yaml:2:10
            2 | timeout: 3 minutes
              |          ^^^^^^^^^ write a number and a unit: 250ms, 1s, 1.5s, 3m, 1h
            """#),
        BrokenScenario(
            "quoted bad duration",
            #"""
            report: BROKEN
            timeout: "3 min"
            steps:
              - sleep: 1s
            """#,
            #"""
            error: invalid duration '3 min' for 'timeout'
             --> broken.yaml:2:11
            2 | timeout: "3 min"
              |           ^^^^^ write a number and a unit: 250ms, 1s, 1.5s, 3m, 1h
            """#),
        BrokenScenario(
            "misspelled s3 key",
            #"""
            report: BROKEN
            s3:
              endpoint: http://localhost:9000
              access_key: a
              secret_key: b
              regoin: eu-west-1
            steps:
              - sleep: 1s
            """#,
            #"""
            error: unknown key 'regoin' in 's3'
             --> broken.yaml:6:3
            6 |   regoin: eu-west-1
              |   ^^^^^^ did you mean 'region'?
            """#),
        BrokenScenario(
            "missing s3 secret key",
            #"""
            report: BROKEN
            s3:
              endpoint: http://localhost:9000
              access_key: a
            steps:
              - sleep: 1s
            """#,
            #"""
            error: missing 'secret_key' in 's3'
             --> broken.yaml:3:3
            3 |   endpoint: http://localhost:9000
              |   ^ add 'secret_key:'
            """#),
        BrokenScenario(
            "s3_list without s3 settings",
            #"""
            report: BROKEN
            steps:
              - id: before
                s3_list: {bucket: uploads}
            """#,
            #"""
            error: step 'before' uses S3, but the scenario has no 's3' settings
             --> broken.yaml:3:9
            3 |   - id: before
              |         ^^^^^^ add 's3:' with endpoint, region, access_key and secret_key
            """#),
        BrokenScenario(
            "reserved variable name",
            #"""
            report: BROKEN
            vars:
              status: done
            steps:
              - sleep: 1s
            """#,
            #"""
            error: 'status' is a reserved name
             --> broken.yaml:3:3
            3 |   status: done
              |   ^^^^^^ 'status' names a part of a step's response or the environment; choose another name
            """#),
        BrokenScenario(
            "variable used before defined",
            #"""
            report: BROKEN
            vars:
              url: ${base}/jobs
              base: http://localhost
            steps:
              - sleep: 1s
            """#,
            #"""
            error: variable 'base' is used before it is defined
             --> broken.yaml:3:8
            3 |   url: ${base}/jobs
              |        ^^^^^^^ a variable can use only the variables above it, so move 'base' up in 'vars:'
            """#),
        // Steps
        BrokenScenario(
            "misspelled action key",
            #"""
            report: BROKEN
            steps:
              - id: submit
                htpp:
                  get: http://localhost/
            """#,
            #"""
            error: unknown key 'htpp' in a step
             --> broken.yaml:4:5
            4 |     htpp:
              |     ^^^^ did you mean 'http'?
            """#),
        BrokenScenario(
            "step with no action",
            #"""
            report: BROKEN
            steps:
              - id: idle
                timeout: 1s
            """#,
            #"""
            error: step 'idle' has no action
             --> broken.yaml:3:5
            3 |   - id: idle
              |     ^ add one of: http, s3_list, s3_head, s3_get, s3_put, s3_delete, sleep, webhook
            """#),
        BrokenScenario(
            "step with two actions",
            #"""
            report: BROKEN
            steps:
              - id: both
                sleep: 1s
                http: {get: http://localhost/}
            """#,
            #"""
            error: step 'both' has more than one action: sleep, http
             --> broken.yaml:5:5
            5 |     http: {get: http://localhost/}
              |     ^^^^ split it into one step per action
            """#),
        BrokenScenario(
            "invalid step id",
            #"""
            report: BROKEN
            steps:
              - id: "upload observed"
                sleep: 1s
            """#,
            #"""
            error: invalid step id 'upload observed'
             --> broken.yaml:3:10
            3 |   - id: "upload observed"
              |          ^^^^^^^^^^^^^^^ use letters, digits, '_' and '-'
            """#),
        BrokenScenario(
            "duplicate step id",
            #"""
            report: BROKEN
            steps:
              - id: one
                sleep: 1s
              - id: one
                sleep: 2s
            """#,
            #"""
            error: duplicate step id 'one'
             --> broken.yaml:5:9
            5 |   - id: one
              |         ^^^ first used at line 3; step ids must be unique
            """#),
        BrokenScenario(
            "always: yes",
            #"""
            report: BROKEN
            steps:
              - id: teardown
                sleep: 1s
                always: yes
            """#,
            #"""
            error: 'always' must be true or false, found 'yes'
             --> broken.yaml:5:13
            5 |     always: yes
              |             ^^^ YAML 1.1 words such as yes/no/on/off are not booleans here
            """#),
        BrokenScenario(
            "http without method",
            #"""
            report: BROKEN
            steps:
              - http: {headers: {X: y}}
            """#,
            #"""
            error: 'http' needs a method and a URL
             --> broken.yaml:3:11
            3 |   - http: {headers: {X: y}}
              |           ^ write 'get: <url>' (or post, put, patch, delete, head, options)
            """#),
        BrokenScenario(
            "request with two bodies",
            #"""
            report: BROKEN
            steps:
              - http:
                  post: http://localhost/
                  json: {a: 1}
                  body: text
            """#,
            #"""
            error: a request has one body, found json, body
             --> broken.yaml:6:7
            6 |       body: text
              |       ^^^^
            """#),
        // Step graph
        BrokenScenario(
            "unknown step in after",
            #"""
            report: BROKEN
            steps:
              - id: submit
                sleep: 1s
              - id: check
                after: sumbit
                sleep: 1s
            """#,
            #"""
            error: unknown step 'sumbit'
             --> broken.yaml:6:12
            6 |     after: sumbit
              |            ^^^^^^ did you mean 'submit'?
            """#),
        BrokenScenario(
            "quoted unknown step in after",
            #"""
            report: BROKEN
            steps:
              - id: submit
                sleep: 1s
              - id: check
                after: ["sumbit"]
                sleep: 1s
            """#,
            #"""
            error: unknown step 'sumbit'
             --> broken.yaml:6:14
            6 |     after: ["sumbit"]
              |              ^^^^^^ did you mean 'submit'?
            """#),
        BrokenScenario(
            "unknown stop_when step",
            #"""
            report: BROKEN
            steps:
              - id: status
                http: {get: http://localhost/}
              - id: watch
                after: status
                http: {get: http://localhost/}
                poll: {until: {status: 200}, stop_when: job_terminal}
            """#,
            #"""
            error: unknown step 'job_terminal'
             --> broken.yaml:8:45
            8 |     poll: {until: {status: 200}, stop_when: job_terminal}
              |                                             ^^^^^^^^^^^^ known steps: status, watch
            """#),
        BrokenScenario(
            "step after itself",
            #"""
            report: BROKEN
            steps:
              - id: loop
                after: loop
                sleep: 1s
            """#,
            #"""
            error: step 'loop' refers to itself
             --> broken.yaml:4:12
            4 |     after: loop
              |            ^^^^
            """#),
        BrokenScenario(
            "cycle of two steps",
            #"""
            report: BROKEN
            steps:
              - id: a
                after: b
                sleep: 1s
              - id: b
                after: a
                sleep: 1s
            """#,
            #"""
            error: the steps form a cycle: b -> a -> b
             --> broken.yaml:6:9
            6 |   - id: b
              |         ^ remove one of these 'after' entries
            """#),
        BrokenScenario(
            "stop_when on a later step",
            #"""
            report: BROKEN
            steps:
              - id: watch
                http: {get: http://localhost/}
                poll: {until: {status: 200}, stop_when: done}
              - id: done
                sleep: 1s
            """#,
            #"""
            error: step 'watch' stops when 'done' ends, but 'done' waits for 'watch'
             --> broken.yaml:5:45
            5 |     poll: {until: {status: 200}, stop_when: done}
              |                                             ^^^^ make 'done' run beside this step with 'after:' naming an earlier step
            """#),
        // Templates
        BrokenScenario(
            "undefined variable",
            #"""
            report: BROKEN
            vars:
              api: http://localhost:8000
            steps:
              - http: {get: "${api}/a", headers: {X: "${apx}"}}
            """#,
            #"""
            error: undefined variable 'apx'
             --> broken.yaml:5:43
            5 |   - http: {get: "${api}/a", headers: {X: "${apx}"}}
              |                                           ^^^^^^ did you mean 'api'?
            """#),
        BrokenScenario(
            "undefined in single quotes",
            #"""
            report: BROKEN
            vars:
              host: localhost
            steps:
              - http: {get: 'http://${hots}/a'}
            """#,
            #"""
            error: undefined variable 'hots'
             --> broken.yaml:5:25
            5 |   - http: {get: 'http://${hots}/a'}
              |                         ^^^^^^^ did you mean 'host'?
            """#),
        BrokenScenario(
            "undefined after non-ASCII text",
            #"""
            report: BROKEN
            steps:
              - http: {get: "http://localhost/café/${nope}"}
            """#,
            #"""
            error: undefined variable 'nope'
             --> broken.yaml:3:40
            3 |   - http: {get: "http://localhost/café/${nope}"}
              |                                        ^^^^^^^ define it under 'vars:' or capture it in an earlier step
            """#),
        BrokenScenario(
            "undefined after an escape",
            #"""
            report: BROKEN
            steps:
              - http: {get: "http://localhost/\t${nope}"}
            """#,
            #"""
            error: undefined variable 'nope'
             --> broken.yaml:3:18
            3 |   - http: {get: "http://localhost/\t${nope}"}
              |                  ^ define it under 'vars:' or capture it in an earlier step
            """#),
        BrokenScenario(
            "undefined after a doubled quote",
            #"""
            report: BROKEN
            steps:
              - http: {get: 'http://localhost/it''s/${nope}'}
            """#,
            #"""
            error: undefined variable 'nope'
             --> broken.yaml:3:18
            3 |   - http: {get: 'http://localhost/it''s/${nope}'}
              |                  ^ define it under 'vars:' or capture it in an earlier step
            """#),
        BrokenScenario(
            "undefined in a block scalar",
            #"""
            report: BROKEN
            steps:
              - http:
                  post: http://localhost/
                  body: |
                    {"id": "${missing}"}
            """#,
            #"""
            error: undefined variable 'missing'
             --> broken.yaml:5:13
            5 |       body: |
              |             ^ define it under 'vars:' or capture it in an earlier step
            """#),
        BrokenScenario(
            "capture from another branch",
            #"""
            report: BROKEN
            steps:
              - id: submit
                http: {post: http://localhost/jobs}
                capture: {job_id: json.job_id}
              - id: side
                after: []
                http: {get: "http://localhost/jobs/${job_id}"}
            """#,
            #"""
            error: 'job_id' is captured by step 'submit', which does not run before step 'side'
             --> broken.yaml:8:40
            8 |     http: {get: "http://localhost/jobs/${job_id}"}
              |                                        ^^^^^^^^^ add 'submit' to this step's 'after'
            """#),
        BrokenScenario(
            "capture used in its own request",
            #"""
            report: BROKEN
            steps:
              - http: {get: "http://localhost/${job_id}"}
                capture: {job_id: json.job_id}
            """#,
            #"""
            error: 'job_id' is captured by this step and cannot be used in its own request
             --> broken.yaml:3:35
            3 |   - http: {get: "http://localhost/${job_id}"}
              |                                   ^^^^^^^^^
            """#),
        BrokenScenario(
            "response value in a request",
            #"""
            report: BROKEN
            steps:
              - id: status
                http: {get: "http://localhost/${json.status}"}
            """#,
            #"""
            error: '${json.status}' reads a step's response and is only available in 'record'
             --> broken.yaml:4:35
            4 |     http: {get: "http://localhost/${json.status}"}
              |                                   ^^^^^^^^^^^^^^ capture it first: 'capture: {name: json.status}', then use ${name}
            """#),
        BrokenScenario(
            "unterminated reference",
            #"""
            report: BROKEN
            vars:
              api: http://${host
            steps:
              - sleep: 1s
            """#,
            #"""
            error: unterminated '${' in template
             --> broken.yaml:3:15
            3 |   api: http://${host
              |               ^^ close it with '}'
            """#),
        BrokenScenario(
            "empty reference",
            #"""
            report: BROKEN
            steps:
              - http: {get: "http://localhost/${}"}
            """#,
            #"""
            error: empty reference '${}'
             --> broken.yaml:3:35
            3 |   - http: {get: "http://localhost/${}"}
              |                                   ^^ write ${name} with a variable name
            """#),
        BrokenScenario(
            "invalid environment name",
            #"""
            report: BROKEN
            vars:
              api: ${env.API-URL}
            steps:
              - sleep: 1s
            """#,
            #"""
            error: invalid environment variable name 'API-URL'
             --> broken.yaml:3:8
            3 |   api: ${env.API-URL}
              |        ^^ write ${env.NAME} or ${env.NAME:-default}
            """#),
        // Checks and polls
        BrokenScenario(
            "bad regex in matches",
            #"""
            report: BROKEN
            steps:
              - http: {get: http://localhost/}
                expect: {body: {matches: "job-[0-9"}}
            """#,
            #"""
            error: invalid regular expression 'job-[0-9'
             --> broken.yaml:4:31
            4 |     expect: {body: {matches: "job-[0-9"}}
              |                               ^^^^^^^^ check brackets and escapes; the syntax is ICU's, as in NSRegularExpression
            """#),
        BrokenScenario(
            "bad regex in all_match",
            #"""
            report: BROKEN
            s3: {endpoint: http://localhost:9000, access_key: a, secret_key: b}
            steps:
              - s3_list: {bucket: uploads}
                expect: {keys: {all_match: {regex: "^up/[a-"}}}
            """#,
            #"""
            error: invalid regular expression '^up/[a-'
             --> broken.yaml:5:41
            5 |     expect: {keys: {all_match: {regex: "^up/[a-"}}}
              |                                         ^^^^^^^ check brackets and escapes; the syntax is ICU's, as in NSRegularExpression
            """#),
        BrokenScenario(
            "unknown type",
            #"""
            report: BROKEN
            steps:
              - http: {get: http://localhost/}
                expect: {json: {id: {type: strng}}}
            """#,
            #"""
            error: unknown type 'strng'
             --> broken.yaml:4:32
            4 |     expect: {json: {id: {type: strng}}}
              |                                ^^^^^ did you mean 'string'?
            """#),
        BrokenScenario(
            "in without a list",
            #"""
            report: BROKEN
            steps:
              - http: {get: http://localhost/}
                expect: {json: {status: {in: completed}}}
            """#,
            #"""
            error: 'in' needs a list of values
             --> broken.yaml:4:34
            4 |     expect: {json: {status: {in: completed}}}
              |                                  ^ write 'in: [completed, failed]'
            """#),
        BrokenScenario(
            "misspelled matcher",
            #"""
            report: BROKEN
            steps:
              - http: {get: http://localhost/}
                expect: {status: {mni: 1}}
            """#,
            #"""
            error: unknown key 'mni' in a matcher
             --> broken.yaml:4:23
            4 |     expect: {status: {mni: 1}}
              |                       ^^^ did you mean 'min'?
            """#),
        BrokenScenario(
            "invalid JSON path",
            #"""
            report: BROKEN
            steps:
              - http: {get: http://localhost/}
                expect: {json: {"items[x]": 1}}
            """#,
            #"""
            error: invalid index '[x]' in JSON path 'items[x]'; write [0] or ["key"]
             --> broken.yaml:4:22
            4 |     expect: {json: {"items[x]": 1}}
              |                      ^^^^^^^^
            """#),
        BrokenScenario(
            "S3 subject on an HTTP step",
            #"""
            report: BROKEN
            steps:
              - http: {get: http://localhost/}
                expect: {count: 0}
            """#,
            #"""
            error: unknown key 'count' in 'expect'
             --> broken.yaml:4:14
            4 |     expect: {count: 0}
              |              ^^^^^ expected one of: status, headers, json, body
            """#),
        BrokenScenario(
            "unknown capture source",
            #"""
            report: BROKEN
            steps:
              - http: {get: http://localhost/}
                capture: {job_id: jsn.job_id}
            """#,
            #"""
            error: unknown response value 'jsn.job_id'
             --> broken.yaml:4:23
            4 |     capture: {job_id: jsn.job_id}
              |                       ^^^^^^^^^^ did you mean 'json'?
            """#),
        BrokenScenario(
            "expect on a sleep step",
            #"""
            report: BROKEN
            steps:
              - sleep: 1s
                expect: {status: 200}
            """#,
            #"""
            error: 'expect' cannot be used in a sleep step
             --> broken.yaml:4:13
            4 |     expect: {status: 200}
              |             ^ a sleep step has no response, so checks belong on a step that reads one, such as http or s3_get
            """#),
        BrokenScenario(
            "poll without until",
            #"""
            report: BROKEN
            steps:
              - http: {get: http://localhost/}
                poll: {every: 1s, within: 10s}
            """#,
            #"""
            error: 'poll' needs 'until' or 'stop_when'
             --> broken.yaml:4:11
            4 |     poll: {every: 1s, within: 10s}
              |           ^ add 'until:' with the condition that ends the poll
            """#),
        BrokenScenario(
            "poll without deadline",
            #"""
            report: BROKEN
            steps:
              - http: {get: http://localhost/}
                poll: {every: 1s, until: {status: 200}}
            """#,
            #"""
            error: 'poll' needs a deadline
             --> broken.yaml:4:11
            4 |     poll: {every: 1s, until: {status: 200}}
              |           ^ add 'within: <duration>' (or 'stop_when: <step>' for an observer)
            """#),
        BrokenScenario(
            "poll every zero",
            #"""
            report: BROKEN
            steps:
              - http: {get: http://localhost/}
                poll: {every: 0s, within: 5s, until: {status: 200}}
            """#,
            #"""
            error: 'every' must be greater than zero
             --> broken.yaml:4:12
            4 |     poll: {every: 0s, within: 5s, until: {status: 200}}
              |            ^
            """#),
        BrokenScenario(
            "backoff factor below one",
            #"""
            report: BROKEN
            steps:
              - http: {get: http://localhost/}
                poll: {within: 5s, backoff: 0.5, until: {status: 200}}
            """#,
            #"""
            error: backoff factor must be at least 1, found 0.5
             --> broken.yaml:4:33
            4 |     poll: {within: 5s, backoff: 0.5, until: {status: 200}}
              |                                 ^
            """#),

    ]

    @Test("rendered diagnostic", arguments: cases)
    func rendered(_ scenario: BrokenScenario) {
        #expect(ScenarioFixture.renderedErrors(scenario.yaml) == scenario.expected)
    }

    /// The same files through the command line: exit 2 and the same text on standard error.
    @Test("conform validate exits 2", arguments: cases)
    func commandLineExitsTwo(_ scenario: BrokenScenario) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try scenario.yaml.write(to: folder.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)

        let run = try Subprocess.run(Repository.conformExecutable.path, ["validate", "broken.yaml"], directory: folder)

        #expect(run.status == 2)
        #expect(run.error.hasPrefix(scenario.expected + "\n"), "stderr was:\n\(run.error)")
    }

    @Test("empty file")
    func emptyFile() {
        let expected = [
            "error: scenario file is empty",
            " --> broken.yaml:1:1",
            "1 | ",
            "  | ^ a scenario needs at least 'steps:'",
        ]
        #expect(ScenarioFixture.renderedErrors("") == expected.joined(separator: "\n"))
    }

    @Test("comments only")
    func commentsOnly() {
        let expected = [
            "error: scenario file is empty",
            " --> broken.yaml:1:1",
            "1 | # nothing yet",
            "  | ^ a scenario needs at least 'steps:'",
        ]
        #expect(ScenarioFixture.renderedErrors("# nothing yet\n") == expected.joined(separator: "\n"))
    }

    @Test("CRLF line endings")
    func crlf() {
        let yaml = "report: BROKEN\r\nsteps:\r\n  - sleep: 1s\r\n    always: yes\r\n"
        let expected = #"""
            error: 'always' must be true or false, found 'yes'
             --> broken.yaml:4:13
            4 |     always: yes
              |             ^^^ YAML 1.1 words such as yes/no/on/off are not booleans here
            """#
        #expect(ScenarioFixture.renderedErrors(yaml) == expected)
    }

    @Test("several errors all reported")
    func severalErrors() {
        let yaml = #"""
            report: BROKEN
            timeout: soon
            steps:
              - id: one
                sleep: 1s
                always: on
              - id: two
                after: oen
                sleep: 2s

            """#
        let expected = #"""
            error: invalid duration 'soon' for 'timeout'
             --> broken.yaml:2:10
            2 | timeout: soon
              |          ^^^^ write a number and a unit: 250ms, 1s, 1.5s, 3m, 1h

            error: 'always' must be true or false, found 'on'
             --> broken.yaml:6:13
            6 |     always: on
              |             ^^ YAML 1.1 words such as yes/no/on/off are not booleans here

            error: unknown step 'oen'
             --> broken.yaml:8:12
            8 |     after: oen
              |            ^^^ did you mean 'one'?
            """#
        #expect(ScenarioFixture.renderedErrors(yaml) == expected)
    }

    @Test("errors sorted by position")
    func sortedByPosition() throws {
        // The undefined variable is found by the validator, after the builder has reported the
        // bad duration further down, yet it comes first.
        let yaml = #"""
            vars:
              url: ${hots}/jobs
            steps:
              - sleep: soon
              - id: wait
                sleep: 1s
                timeout: later

            """#
        let error = try #require(throws: DiagnosticList.self) {
            try ScenarioLoader.parse(yaml, file: "broken.yaml")
        }
        let positions = error.diagnostics.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0)" }
        #expect(positions == ["2:8", "4:12", "7:14"])
        #expect(error.diagnostics.map(\.message) == [
            "undefined variable 'hots'",
            "invalid duration 'soon' for 'sleep'",
            "invalid duration 'later' for 'timeout'",
        ])
    }

    @Test("unreadable file")
    func unreadableFile() throws {
        let path = "/nonexistent/conform/missing.yaml"
        let error = try #require(throws: DiagnosticList.self) {
            try ScenarioLoader.load(path: path)
        }
        let rendered = DiagnosticRenderer().render(error.diagnostics)
        #expect(rendered.hasPrefix("error: cannot read scenario file '\(path)': "))
        #expect(rendered.hasSuffix("\n  = check that the file exists and is readable"))
    }
}
