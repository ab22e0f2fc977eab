using Domains.Cli.Manifests;
using Spectre.Console;

namespace Domains.Cli.Commands;

/// <summary>
/// The progress of an apply on standard error, never on standard output (which holds the plan): a progress bar
/// when standard error is a terminal, else one plain line per step done, which a CI log keeps readable.
/// </summary>
public sealed class ApplyProgress
{
    private readonly ProgressTask? _bar;

    private ApplyProgress(ProgressTask? bar) => _bar = bar;

    public static async Task RunAsync(int steps, Func<ApplyProgress, Task> apply)
    {
        if (Console.IsErrorRedirected)
        {
            await apply(new ApplyProgress(null));
            return;
        }
        await Output.Error.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context => await apply(new ApplyProgress(context.AddTask("applying", maxValue: steps))));
    }

    public void Starting(PlanStep step)
    {
        if (_bar is not null) _bar.Description = Markup.Escape(step.ToString());
    }

    public void Done(PlanStep step, string outcome)
    {
        if (_bar is null)
        {
            Output.Error.MarkupLineInterpolated($"[grey]{step}: {outcome}[/]");
            return;
        }
        _bar.Increment(1);
        if (_bar.IsFinished) _bar.Description = "applied";
    }
}
