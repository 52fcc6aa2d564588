/// The expectations of the conformance matrix: every shipped scenario against the healthy stack,
/// against each fault it is meant to catch, and against some faults it must not react to.
///
/// Message fragments are cut from conform's own messages, such as "'until' did not hold within
/// 10s (count equals 0, actual 1)", so that a failure for another reason does not count.
enum ConformanceMatrix {
    static let rows: [MatrixRow] = [
        MatrixRow(
            scenario: "Scenarios/dedup2d/callback_failure.yaml", startOptions: [],
            expectations: [
                "healthy": .passes,
                "keep-uploads": .fails(step: "cleaned_up", message: "(count equals 0, actual 1)"),
                "fail-jobs": .fails(step: "callback", message: #"json.status: expected equals completed, actual "failed""#),
                "slow-cleanup=15": .fails(step: "cleaned_up", message: "'until' did not hold within 10s"),
                "bad-callback-signature": .fails(step: "callback", message: "signature mismatch: HMAC-SHA256"),
                "callback-missing": .fails(step: "callback", message: "within 20s, actual 0 matching"),
            ]),
        MatrixRow(
            scenario: "Scenarios/dedup2d/callback_hmac.yaml", startOptions: [],
            expectations: [
                "healthy": .passes,
                "keep-uploads": .fails(step: "cleaned_up", message: "(count equals 0, actual 1)"),
                "fail-jobs": .fails(step: "callback", message: #"json.status: expected equals completed, actual "failed""#),
                "slow-cleanup=15": .fails(step: "cleaned_up", message: "'until' did not hold within 10s"),
                "bad-callback-signature": .fails(step: "callback", message: "signature mismatch: HMAC-SHA256"),
                "callback-missing": .fails(step: "callback", message: "count: expected equals 1 within 20s, actual 0 matching"),
                "wrong-key-layout": .passes,
            ]),
        MatrixRow(
            scenario: "Scenarios/dedup2d/cancel_pending.yaml", startOptions: [],
            expectations: [
                "healthy": .passes,
                "keep-uploads": .fails(step: "upload_deleted", message: "count: expected equals 0, actual 1"),
                "leak-on-cancel": .fails(step: "upload_deleted", message: "count: expected equals 0, actual 1"),
                "wrong-key-layout": .fails(step: "upload_present", message: "count: expected equals 1, actual 0"),
                "extra-object": .fails(step: "upload_present", message: "count: expected equals 1, actual 2"),
                "never-finish": .passes,
            ]),
        MatrixRow(
            scenario: "Scenarios/dedup2d/cancel_running.yaml", startOptions: [],
            expectations: [
                "healthy": .passes,
                "keep-uploads": .fails(step: "cleaned_up", message: "'until' did not hold within 5s (count equals 0, actual 1)"),
                "leak-on-cancel": .fails(step: "cleaned_up", message: "'until' did not hold within 5s (count equals 0, actual 1)"),
                "wrong-key-layout": .fails(step: "upload_present", message: "count: expected equals 1, actual 0"),
                "extra-object": .fails(step: "upload_present", message: "count: expected equals 1, actual 2"),
                "slow-cleanup=15": .fails(step: "cleaned_up", message: "'until' did not hold within 5s"),
                "fail-jobs": .passes,
            ]),
        MatrixRow(
            scenario: "Scenarios/dedup2d/auth.yaml", startOptions: [],
            expectations: [
                "healthy": .passes,
                "fail-jobs": .fails(step: "owner_still_sees_job", message: #"json.status: expected equals completed, actual "failed""#),
                "keep-uploads": .fails(step: "cleaned_up", message: "(count equals 0, actual 1)"),
                // Tenancy checks do not read the status, so a transient 500 must not fail them.
                "flaky-status": .passes,
            ]),
        MatrixRow(
            scenario: "Scenarios/dedup2d/completed_result.yaml", startOptions: [],
            expectations: [
                "healthy": .passes,
                "fail-jobs": .fails(step: "completed", message: #"json.status: expected equals completed, actual "failed""#),
                "never-finish": .fails(step: "completed", message: "'until' did not hold within 20s"),
                // The shape is checked on the first response that shows the job ended.
                "status-regress": .passes,
            ]),
        MatrixRow(
            scenario: "Scenarios/dedup2d/failed_job.yaml", startOptions: [],
            expectations: [
                "healthy": .passes,
                "keep-uploads": .fails(step: "cleaned_up", message: "(count equals 0, actual 1)"),
                "slow-cleanup=15": .fails(step: "cleaned_up", message: "'until' did not hold within 10s"),
                "wrong-key-layout": .fails(step: "upload_observed", message: "step 'job_terminal' ended before 'until' held"),
                "extra-object": .fails(step: "upload_observed", message: "keys: expected each item matches glob"),
                "never-finish": .fails(step: "job_terminal", message: "'until' did not hold within 20s"),
                "fail-jobs": .passes,
            ]),
        MatrixRow(
            scenario: "Scenarios/dedup2d/queue_full.yaml", startOptions: [],
            expectations: [
                "healthy": .passes,
                "queue-full-without-retry-after": .fails(step: "rejected", message: "header.Retry-After: expected matches"),
                "keep-uploads": .fails(step: "cleaned_up", message: "'until' did not hold within 5s (count equals 0, actual 3)"),
                "leak-on-cancel": .fails(step: "cleaned_up", message: "'until' did not hold within 5s (count equals 0"),
                // NOTE: slow-cleanup is left out because its outcome depends on timing. A job canceled
                // before a worker started it loses its upload at once, a running one only 15 s later.
                "never-finish": .passes,
            ]),
        MatrixRow(
            scenario: "Scenarios/dedup2d/s3_lifecycle.yaml", startOptions: [],
            expectations: [
                "healthy": .passes,
                "keep-uploads": .fails(step: "cleaned_up", message: "'until' did not hold within 10s (count equals 0, actual 1)"),
                "wrong-key-layout": .fails(step: "upload_observed", message: "step 'job_terminal' ended before 'until' held"),
                "extra-object": .fails(step: "upload_observed", message: "keys: expected each item matches glob"),
                "fail-jobs": .fails(step: "job_terminal", message: #"json.status: expected equals completed, actual "failed""#),
                "never-finish": .fails(step: "job_terminal", message: "'until' did not hold within 1m30s"),
                "slow-cleanup=15": .fails(step: "cleaned_up", message: "'until' did not hold within 10s"),
                // The status poll reads the 500 as one more attempt whose status is not terminal yet.
                "flaky-status": .passes,
                "status-regress": .passes,
                "leak-on-cancel": .passes,
            ]),
        MatrixRow(
            scenario: "Scenarios/dedup2d/status_monotonic.yaml", startOptions: [],
            expectations: [
                "healthy": .passes,
                "status-regress": .fails(step: "status_stays_terminal", message: #"fail_if held on attempt 1: json.status"#),
                "never-finish": .fails(step: "job_terminal", message: "'until' did not hold within 20s"),
                "flaky-status": .passes,
            ]),
    ]
}
