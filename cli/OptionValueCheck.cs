using System.Reflection;
using Spectre.Console.Cli;

namespace Domains.Cli;

/// <summary>
/// An option that takes a value but is given none (<c>apply -f</c>, <c>get domains --state --limit 5</c>) is a usage
/// error. Spectre.Console.Cli 0.57 does not refuse it: it sets the option to the name of its internal default command,
/// which this check recognises before the command runs.
/// </summary>
public sealed class OptionValueCheck : ICommandInterceptor
{
    private const string NoValue = "__default_command";

    public void Intercept(CommandContext context, CommandSettings settings)
    {
        foreach (var property in settings.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<CommandOptionAttribute>() is { } option && property.GetValue(settings) is NoValue)
            {
                var name = option.LongNames.Count > 0 ? "--" + option.LongNames[0] : "-" + option.ShortNames[0];
                throw CliException.Usage($"option {name} needs a value");
            }
        }
    }

    public void InterceptResult(CommandContext context, CommandSettings settings, ref int result)
    {
    }
}
