using Domains.WebConsole.Api;
using Microsoft.Extensions.Localization;

namespace Domains.WebConsole.Localization;

/// <summary>An API problem as a sentence in the person's language: by its stable code, never its raw JSON.</summary>
public static class ProblemTexts
{
    public static string Describe(IStringLocalizer<Texts> texts, ApiResult result)
    {
        var code = result.Code ?? ((int)result.Status switch
        {
            401 => "unauthorized",
            403 => "forbidden",
            404 => "not-found",
            >= 500 => "service-unavailable",
            _ => "unknown",
        });
        var sentence = texts[$"Problem.{code}"];
        return sentence.ResourceNotFound ? texts["Problem.unknown", (int)result.Status] : sentence.Value;
    }
}
