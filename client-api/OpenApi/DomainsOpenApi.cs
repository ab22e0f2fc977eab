using System.Text.Json.Nodes;
using Domains.ClientApi.Errors;
using Domains.ClientApi.Http;
using Domains.GrainInterfaces;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Domains.ClientApi.OpenApi;

/// <summary>
/// Makes <c>/openapi/v1.json</c> a document a client can be generated from: the bearer scheme and each
/// operation's requirement (none on public routes), the <c>Idempotency-Key</c> and <c>If-Match</c> headers
/// of commands, and every problem response with its codes. The codes an endpoint answers by its kind (a
/// protected route: <c>unauthorized</c>, <c>forbidden</c>; a command: <c>malformed-json</c>,
/// <c>version-mismatch</c>, …) are inferred here from its metadata; its own are declared beside it with
/// <see cref="ProblemCodesExtensions.ProducesProblems"/>. operationIds and summaries are each endpoint's.
/// </summary>
public static class DomainsOpenApi
{
    public const string BearerScheme = "bearer";
    public const string ProblemSchema = "Problem";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Units"] = "Operating units: registration, security profile, qualification, incidents and inspections.",
        ["Notices"] = "Notices (calls for applications) of the authority: drafts, publication, withdrawal.",
        ["Authorizations"] = "Applications and the authorizations they become: review, announcement, term, suspension, end.",
        ["Domains"] = "Operation domains: registration, acceptance, suspension of a whole domain.",
        ["Workspaces"] = "Workspaces inside a domain, one per authorization, and the driver's callbacks.",
        ["Access"] = "Access decisions for the data plane, answered from memory.",
        ["Products"] = "Data products made under an authorization, their review and listing.",
        ["Inbox"] = "Notifications for units, supervisors and the authority.",
        ["Webhooks"] = "Webhooks that receive inbox notifications, signed, with every delivery attempt.",
        ["Audit"] = "The hash-chained audit log: per entity, its verification, and the streamed export.",
        ["Deadlines"] = "Pending deadlines of every entity.",
        ["Admin"] = "The business clock (manual mode only).",
        ["Public"] = "Public, unauthenticated views: announcements.",
    };

    public static OpenApiOptions AddDomainsDocument(this OpenApiOptions options) =>
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Domains API";
            document.Info.Version = "v1";
            document.Info.Description = "The control plane for the authorised operation of public data. Errors are " +
                "`application/problem+json` with a stable `code`; clients switch on the code, never on the text.";
            // The address the document was read from is the API's; a server list would only repeat it.
            document.Servers = [new OpenApiServer { Url = "/", Description = "The API that served this document." }];
            EnsureComponents(document);
            // ProducesProblem's own schema: every problem response refers to Problem instead.
            document.Components!.Schemas?.Remove("ProblemDetails");
            var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
                .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
            document.Tags = new HashSet<OpenApiTag>(used.Order(StringComparer.Ordinal).Select(name => new OpenApiTag
            {
                Name = name,
                Description = TagDescriptions.TryGetValue(name, out var text) ? text : $"Operations on {name.ToLowerInvariant()}.",
            }));
            return Task.CompletedTask;
        }).AddOperationTransformer((operation, context, _) =>
        {
            var document = context.Document!;
            EnsureComponents(document);
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var method = context.Description.HttpMethod ?? "GET";
            var path = "/" + (context.Description.RelativePath ?? "");
            var isPublic = metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<AuthorizationPolicy>().Any();
            var roles = metadata.OfType<AuthorizationPolicy>().SelectMany(p => p.Requirements)
                .OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToList();

            operation.Security = isPublic
                ? []
                : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
            if (roles.Count > 0)
            {
                var line = $"Roles: {string.Join(", ", roles.Select(r => $"`{r}`"))}.";
                operation.Description = string.IsNullOrEmpty(operation.Description) ? line : $"{operation.Description}\n\n{line}";
            }

            var hasBody = metadata.OfType<JsonBodyMetadata>().Any();
            if (hasBody) AddCommandHeaders(operation, method);

            var codes = new List<string>();
            if (!isPublic) codes.AddRange([ErrorCodes.Unauthorized, ErrorCodes.Forbidden]);
            if (hasBody) codes.AddRange([ErrorCodes.MalformedJson, ErrorCodes.ValidationFailed, ErrorCodes.PayloadTooLarge, ErrorCodes.VersionMismatch,
                ErrorCodes.RateLimited, ErrorCodes.OutcomeUnknown]);
            if (hasBody && method == "POST") codes.Add(ErrorCodes.IdempotencyKeyReused);
            if (hasBody && method == "POST" && path.Contains('{', StringComparison.Ordinal)) codes.AddRange([ErrorCodes.NotFound, ErrorCodes.InvalidTransition]);
            if (method == "GET" && path.Contains('{', StringComparison.Ordinal)) codes.Add(ErrorCodes.NotFound);
            if (method == "GET" && context.Description.ParameterDescriptions.Any(p => p.Source.Id == "Query")) codes.Add(ErrorCodes.ValidationFailed);
            if (isPublic) codes.Add(ErrorCodes.RateLimited);
            codes.AddRange([ErrorCodes.StorageUnavailable, ErrorCodes.ServiceUnavailable]);
            codes.AddRange(metadata.OfType<ProblemCodesMetadata>().SelectMany(m => m.Codes));

            operation.Responses ??= new OpenApiResponses();
            foreach (var status in operation.Responses.Keys.Where(k => k.Length == 3 && k[0] is '4' or '5').ToList())
            {
                // Declared by ProducesProblem without a code of ours: every code of that status may answer.
                if (!codes.Any(c => ProblemMapping.For(c).Status.ToString(System.Globalization.CultureInfo.InvariantCulture) == status))
                {
                    codes.AddRange(ProblemMapping.Codes.Where(c => c.Value.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) == status).Select(c => c.Key));
                }
            }
            foreach (var group in codes.Distinct(StringComparer.Ordinal).GroupBy(c => ProblemMapping.For(c).Status).OrderBy(g => g.Key))
            {
                operation.Responses[group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)] = ProblemResponse(document, group.Key, group.ToList());
            }
            var ordered = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
            operation.Responses.Clear();
            foreach (var (status, response) in ordered) operation.Responses[status] = response;
            return Task.CompletedTask;
        });

    private static void EnsureComponents(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes.TryAdd(BearerScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT with `sub`, `role` (authority, supervisor, automation, unit, auditor) and, for a unit, `unit` (its USCC).",
        });
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.TryAdd(ProblemSchema, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details with the stable `code` clients switch on.",
            Required = new HashSet<string> { "status", "title", "code" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ProblemMapping.Codes.Keys.Order(StringComparer.Ordinal).Select(c => (JsonNode)JsonValue.Create(c)!).ToList() },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object | JsonSchemaType.Null,
                    Description = "Validation errors by field.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
                ["unmet"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array | JsonSchemaType.Null,
                    Description = "The unmet qualification conditions (`unit-not-qualified`).",
                    Items = new OpenApiSchema { Type = JsonSchemaType.String },
                },
            },
        });
    }

    private static OpenApiResponse ProblemResponse(OpenApiDocument document, int status, IReadOnlyList<string> codes) => new()
    {
        Description = string.Join("; ", codes.Select(c => $"`{c}`: {ProblemMapping.For(c).Title.TrimEnd('.')}")) + ".",
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
        },
    };

    private static void AddCommandHeaders(OpenApiOperation operation, string method)
    {
        operation.Parameters ??= new List<IOpenApiParameter>();
        if (method == "POST")
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Idempotency-Key",
                In = ParameterLocation.Header,
                Required = false,
                Description = "The same key and body again returns the first response and changes nothing; the same key with another body is `idempotency-key-reused`.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 128 },
            });
        }
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "If-Match",
            In = ParameterLocation.Header,
            Required = false,
            Description = "The `ETag` (`\"<version>\"`) of the last read; another current version is `version-mismatch`.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }
}
