using Deque.AxeCore.Playwright;
using Domains.Tests.Fixtures;
using Microsoft.Playwright;

namespace Domains.Tests.Console;

/// <summary>What the console tests check on every page they visit: axe-core's serious and critical findings, and a screenshot for people.</summary>
public static class ConsolePages
{
    public static string ScreenshotFolder { get; } = Path.Combine(RepoRoot.Path, "artifacts", "console");

    /// <summary>No serious or critical accessibility violation (axe-core), and a full-page screenshot under artifacts/console/.</summary>
    public static async Task CheckAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{name}: " + string.Join("; ", bad.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
        // No page shows a stack trace or raw JSON.
        var text = await page.InnerTextAsync("body");
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"code\"", text, StringComparison.Ordinal);
    }
}
