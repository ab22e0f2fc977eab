using Microsoft.AspNetCore.Routing.Patterns;

namespace Domains.Tests.Fixtures;

/// <summary>One method of one route: its pattern, the roles it admits (<c>null</c>: public), its JSON body type and query parameters.</summary>
public sealed record ApiRoute(
    string Method, string Pattern, IReadOnlySet<string>? Roles, Type? BodyType, RoutePattern RoutePattern, IReadOnlyList<string> QueryNames)
{
    public bool IsPublic => Roles is null;

    public bool IsCommand => Method is "POST" or "PUT";

    public string Key => $"{Method} {Pattern}";

    /// <summary>A concrete path: each parameter from <paramref name="value"/> (its name, whether it is a catch-all).</summary>
    public string Path(Func<string, bool, string> value)
    {
        var path = new System.Text.StringBuilder();
        foreach (var segment in RoutePattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => Uri.EscapeDataString(value(parameter.Name, parameter.IsCatchAll)),
                    _ => throw new NotSupportedException(part.GetType().Name),
                });
            }
        }
        return path.Length == 0 ? "/" : path.ToString();
    }

    public override string ToString() => Key;
}
