using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Domains.ClientApi.Http;

/// <summary>
/// Names the JSON body a command reads itself (through <see cref="CommandRequest"/>), for the OpenAPI
/// document only. Unlike <c>Accepts&lt;T&gt;</c> it takes no part in routing, so a POST without a body or
/// a Content-Type still reaches its command.
/// </summary>
public sealed record JsonBodyMetadata(Type BodyType);

public static class JsonBodyExtensions
{
    public static RouteHandlerBuilder JsonBody<T>(this RouteHandlerBuilder builder) where T : IRequestBody =>
        builder.WithMetadata(new JsonBodyMetadata(typeof(T)));

    public static OpenApiOptions DescribeJsonBodies(this OpenApiOptions options) =>
        options.AddSchemaTransformer((schema, context, _) =>
        {
            // Every command body carries an optional reason for its audit event (CommandRequest reads it).
            if (typeof(IRequestBody).IsAssignableFrom(context.JsonTypeInfo.Type))
            {
                schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
                if (!schema.Properties.ContainsKey(CommandRequest.ReasonProperty))
                {
                    schema.Properties[CommandRequest.ReasonProperty] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String | JsonSchemaType.Null,
                        MaxLength = Validator.MaxTextLength,
                        Description = "Why, as the audit event records it.",
                    };
                }
            }
            return Task.CompletedTask;
        }).AddOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata.OfType<JsonBodyMetadata>().FirstOrDefault();
            if (metadata is null) return;
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = false,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(metadata.BodyType, null, cancellationToken) },
                },
            };
        });
}
