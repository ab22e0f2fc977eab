using System.Collections.Concurrent;
using System.Security.Cryptography;
using Domains.Tests.Fixtures;
using Xunit.Abstractions;

namespace Domains.Tests.Api;

/// <summary>
/// DOMAIN.md §5 and API.md as a matrix over the API's own route table: every route × every role and every
/// kind of invalid token. The routes come from the running app, so a new route is covered the day it is
/// mapped; the roles each admits are checked twice, against the spec table below and over real HTTP.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class AuthorizationMatrixTests(StackFixture stack, ITestOutputHelper output)
{
    private const string Authority = "authority";
    private const string Supervisor = "supervisor";
    private const string Automation = "automation";
    private const string Unit = "unit";
    private const string Auditor = "auditor";

    private static readonly string[] Everyone = [Authority, Supervisor, Automation, Unit, Auditor];
    private static readonly string[] Readers = [Authority, Supervisor, Auditor];

    /// <summary>
    /// Written from DOMAIN.md §5 and API.md, not from the code: the roles each route admits, <c>null</c> for
    /// a public route. Routes API.md does not name (marked) follow §5's wording for their verb. A route missing
    /// here fails <see cref="RouteTable_AdmitsExactlyTheRolesOfTheSpec"/>: a new route needs a decision.
    /// </summary>
    private static readonly Dictionary<string, string[]?> Spec = new(StringComparer.Ordinal)
    {
        // Operations and the public (API.md "Operations"; §5 "(none)": published notices and announcements).
        ["GET /healthz"] = null,
        ["GET /readyz"] = null,
        ["GET /openapi/{documentName}.json"] = null,
        ["GET /metrics"] = null, // Prometheus scrape: code-constant labels only (no unit, id or actor), like /healthz for operators
        ["GET /v1/public/notices"] = null,
        ["GET /v1/public/announcements"] = null,
        ["GET {*path:nonfile}"] = null, // the fallback: 404 not-found for everyone
        // Units.
        ["PUT /v1/units/{uscc}"] = [Authority],
        ["PUT /v1/units/{uscc}/security-profile"] = [Authority],
        ["POST /v1/units/{uscc}/incidents"] = [Supervisor, Authority],
        ["POST /v1/units/{uscc}/inspections"] = [Supervisor], // not in API.md: §5 supervisor "inspections" (R14)
        ["GET /v1/units/{uscc}"] = [Authority, Supervisor, Unit, Auditor],
        ["GET /v1/units"] = [Authority, Supervisor, Unit, Auditor], // Lists: as a read of one unit; a unit lists itself
        // Notices.
        ["PUT /v1/notices/{id}"] = [Authority],
        ["POST /v1/notices/{id}/publish"] = [Authority],
        ["POST /v1/notices/{id}/withdraw"] = [Authority],
        ["GET /v1/notices/{id}"] = Everyone,
        ["GET /v1/notices"] = Everyone, // Lists: as a read of one notice
        // Authorizations: reads are §5's "read all" (authority, supervisor, auditor) and a unit's "read its own".
        ["POST /v1/authorizations"] = [Unit, Authority],
        ["GET /v1/authorizations"] = [.. Readers, Unit],
        ["GET /v1/authorizations/{id}"] = [.. Readers, Unit],
        ["POST /v1/authorizations/{id}/verify"] = [Authority],
        ["POST /v1/authorizations/{id}/approve"] = [Authority],
        ["POST /v1/authorizations/{id}/reject"] = [Authority],
        ["POST /v1/authorizations/{id}/withdraw"] = [Unit],
        ["POST /v1/authorizations/{id}/announce"] = [Authority],
        ["POST /v1/authorizations/{id}/file"] = [Authority],
        ["POST /v1/authorizations/{id}/activate"] = [Authority],
        ["POST /v1/authorizations/{id}/suspend"] = [Supervisor, Authority], // R10: the authority orders correction and closes access
        ["POST /v1/authorizations/{id}/corrections"] = [Unit],
        ["POST /v1/authorizations/{id}/reinstate"] = [Supervisor],
        ["POST /v1/authorizations/{id}/terminate"] = [Authority],
        ["POST /v1/authorizations/{id}/revoke"] = [Supervisor, Authority],
        ["POST /v1/authorizations/{id}/reports"] = [Unit],
        ["POST /v1/authorizations/{id}/products"] = [Unit],
        // Domains and workspaces.
        ["PUT /v1/domains/{id}"] = [Authority],
        ["POST /v1/domains/{id}/built"] = [Automation],
        ["POST /v1/domains/{id}/accept"] = [Authority],
        ["POST /v1/domains/{id}/suspend"] = [Supervisor],
        ["POST /v1/domains/{id}/resume"] = [Supervisor],
        ["POST /v1/domains/{id}/retire"] = [Authority], // not in API.md: §5 authority "register and accept domains"
        ["GET /v1/domains/{id}"] = Everyone,
        ["GET /v1/domains"] = Everyone,
        ["GET /v1/workspaces/{id}"] = Everyone, // "all but unit-of-another": that unit gets 404, not 403
        ["GET /v1/workspaces"] = Everyone, // a unit lists its own
        ["POST /v1/workspaces/{id}/provisioned"] = [Automation],
        ["POST /v1/workspaces/{id}/data-deleted"] = [Automation],
        ["POST /v1/workspaces/{id}/logs-purged"] = [Automation],
        ["POST /v1/workspaces/{id}/retry-provisioning"] = [Authority, Automation], // not in API.md: §3 "retry allowed"
        ["GET /v1/access"] = [Automation],
        // The data plane (DATAPLANE.md).
        ["PUT /v1/domains/{id}/datasets/{datasetId}"] = [Authority],
        ["GET /v1/domains/{id}/datasets"] = Everyone,
        ["GET /v1/domains/{id}/datasets/{datasetId}"] = Everyone, // not in API.md: the single read beside the list
        ["POST /v1/workspaces/{id}/credentials"] = [Unit], // the owning unit; another unit gets 404
        ["GET /v1/workspaces/{id}/usage"] = [.. Readers, Unit], // a unit reads its own; another unit gets 404
        ["POST /v1/workspaces/{id}/exports"] = [Unit], // the owning unit
        ["GET /v1/exports"] = [.. Readers, Unit], // a unit lists its own
        ["GET /v1/exports/{id}"] = [.. Readers, Unit],
        ["POST /v1/exports/{id}/approve"] = [Authority],
        ["POST /v1/exports/{id}/reject"] = [Authority],
        ["GET /v1/exports/{id}/file"] = [Unit], // the owning unit downloads
        // Data products.
        ["POST /v1/products/{id}/approve"] = [Authority],
        ["POST /v1/products/{id}/reject"] = [Authority],
        ["POST /v1/products/{id}/request-changes"] = [Authority],
        ["POST /v1/products/{id}/list"] = [Unit],
        ["POST /v1/products/{id}/delist"] = [Unit],
        ["POST /v1/products/{id}/resubmit"] = [Unit], // not in API.md: §5 unit "submit ... products"
        ["GET /v1/products/{id}"] = [.. Readers, Unit],
        ["GET /v1/products"] = [.. Readers, Unit], // a unit lists its own
        // Inbox, webhooks, audit, deadlines, the admin clock.
        ["GET /v1/inbox"] = [.. Readers, Unit],
        ["PUT /v1/webhooks/{id}"] = [Authority],
        ["POST /v1/webhooks/{id}/disable"] = [Authority], // not in API.md: the authority owns its webhooks
        ["POST /v1/webhooks/{id}/enable"] = [Authority], // not in API.md: as above
        ["GET /v1/webhooks/{id}"] = Readers, // not in API.md: §5 "read all"
        ["GET /v1/webhooks"] = Readers,
        ["GET /v1/webhooks/{id}/deliveries"] = Readers,
        ["PUT /v1/channels/{id}"] = [Authority],
        ["POST /v1/channels/{id}/disable"] = [Authority], // not in API.md: as for webhooks
        ["POST /v1/channels/{id}/enable"] = [Authority], // not in API.md: as above
        ["GET /v1/channels/{id}"] = Readers,
        ["GET /v1/channels/{id}/deliveries"] = Readers,
        ["GET /v1/audit"] = [Auditor, Supervisor, Authority],
        ["GET /v1/audit/verify"] = [Auditor, Supervisor, Authority],
        ["GET /v1/audit/export"] = [Auditor, Supervisor, Authority],
        ["GET /v1/deadlines"] = [Authority, Supervisor, Auditor],
        ["GET /v1/admin/clock"] = Everyone, // reading the business clock reveals nothing of any unit
        ["POST /v1/admin/clock"] = [Authority],
        ["GET /v1/admin/clock/sweeps/{id}"] = Everyone, // not in API.md: a move answered 202 is followed here; as the clock itself
    };

    /// <summary>Tokens that must never pass, each spoiled in one way; every one is otherwise an admitted role's.</summary>
    private static readonly string[] BadTokenKinds = ["none", "expired", "wrong-signature", "wrong-audience", "wrong-issuer"];

    private readonly ApiClient _api = new(stack);

    private IReadOnlyList<ApiRoute> Routes => RouteTable.Read(stack.ApiServices);

    [Fact]
    public void RouteTable_AdmitsExactlyTheRolesOfTheSpec()
    {
        var routes = Routes;

        var mismatches = new List<string>();
        foreach (var route in routes)
        {
            if (!Spec.TryGetValue(route.Key, out var expected))
            {
                mismatches.Add($"{route.Key}: not in the spec table (admits {Describe(route.Roles)}); decide its roles from DOMAIN.md §5");
            }
            else if (!SameRoles(expected, route.Roles))
            {
                mismatches.Add($"{route.Key}: admits {Describe(route.Roles)}, the spec says {Describe(expected)}");
            }
        }
        mismatches.AddRange(Spec.Keys.Except(routes.Select(r => r.Key)).Select(key => $"{key}: in the spec but not mapped"));

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public async Task EveryRoute_AnswersEveryRoleAndEveryInvalidToken_AsItsRolesSay()
    {
        var cases = Routes.SelectMany(route => Everyone.Select(role => (Route: route, Kind: role))
            .Concat(BadTokenKinds.Select(kind => (Route: route, Kind: kind)))).ToList();
        var failures = new ConcurrentBag<string>();

        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (c, _) =>
        {
            var (route, kind) = c;
            var reply = await SendAsync(route, kind);
            if (Verdict(route, kind, reply) is { } failure) failures.Add($"{route.Key} as {kind}: {failure} ({Trim(reply.Body)})");
        });

        output.WriteLine($"{Routes.Count} routes × {Everyone.Length} roles + {BadTokenKinds.Length} invalid tokens = {cases.Count} requests");
        Assert.True(failures.IsEmpty, string.Join("\n", failures.OrderBy(f => f, StringComparer.Ordinal)));
    }

    /// <summary>
    /// The status the spec implies: 401 without a valid token on a non-public route, 403 for a role the
    /// route does not admit; an admitted role may fail otherwise — an unknown id, an empty body — but never
    /// with 401/403, never with a 5xx, and always with a problem code.
    /// </summary>
    private static string? Verdict(ApiRoute route, string kind, Reply reply)
    {
        if (reply.Status >= 500) return $"{reply.Status}, a server error";
        if (route.IsPublic)
        {
            // Public routes answer whatever the token; the fallback answers every path it catches with 404.
            var expected = route.Pattern.StartsWith('{') ? 404 : 200;
            return reply.Status == expected ? null : $"{reply.Status}, expected {expected} on a public route";
        }
        if (Everyone.Contains(kind) && route.Roles!.Contains(kind))
        {
            if (reply.Status is 401 or 403) return $"{reply.Status}, but the route admits it";
            return reply.Status < 400 || (reply.ContentType == "application/problem+json" && reply.Code is not null) ? null : "a 4xx without a problem code";
        }
        var (status, code) = Everyone.Contains(kind) ? (403, "forbidden") : (401, "unauthorized");
        if (reply.Status != status) return $"{reply.Status}, expected {status}";
        return reply.Code == code && reply.ContentType == "application/problem+json" ? null : $"not a {code} problem";
    }

    private Task<Reply> SendAsync(ApiRoute route, string kind)
    {
        // An invalid token is spoiled from a role the route admits, so that only the spoiling can refuse it.
        var role = Everyone.Contains(kind) ? kind : route.Roles?.First() ?? Authority;
        var unit = role == Unit ? Scenarios.NewUscc() : null;
        var token = kind switch
        {
            "none" => null,
            "expired" => stack.Tokens.Issue(role, unit, notBefore: DateTime.UtcNow.AddHours(-3), lifetime: TimeSpan.FromHours(1)),
            "wrong-signature" => stack.Tokens.Issue(role, unit, keyOverride: RandomNumberGenerator.GetBytes(32)),
            "wrong-audience" => stack.Tokens.Issue(role, unit, audienceOverride: "another-api"),
            "wrong-issuer" => stack.Tokens.Issue(role, unit, issuerOverride: "another-issuer"),
            _ => stack.Tokens.Issue(role, unit),
        };
        var path = route.Path((name, catchAll) => name switch
        {
            "uscc" => Scenarios.NewUscc(),
            "documentName" => "v1",
            _ when catchAll => $"no-such-route-{Guid.NewGuid():N}",
            _ => Ids.New("matrix"),
        });
        return _api.SendAsync(new HttpMethod(route.Method), path, token: token, rawBody: route.IsCommand ? "{}" : null);
    }

    private static bool SameRoles(IEnumerable<string>? expected, IReadOnlySet<string>? actual) =>
        expected is null ? actual is null : actual is not null && actual.SetEquals(expected);

    private static string Describe(IEnumerable<string>? roles) => roles is null ? "everyone (public)" : $"[{string.Join(", ", roles.Order(StringComparer.Ordinal))}]";

    private static string Trim(string body) => body.Length <= 200 ? body : body[..200] + "…";
}
