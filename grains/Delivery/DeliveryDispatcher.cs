using System.Globalization;
using Domains.GrainInterfaces.Delivery;
using Microsoft.Extensions.Logging;

namespace Domains.Grains.Delivery;

/// <summary>
/// The one dispatch loop of notice outboxes, owned by the activation of a webhook or channel grain:
/// each poll queues every new notice the plan selects as a delivery row, then sends the deliveries that
/// are due, one attempt each through the owner's sender, and records the attempts with the step the
/// retry policy (<see cref="DeliveryRetry"/>) gives. Progress lives in the database (cursor,
/// deliveries), so a restart resumes it. Delivery is at least once: a crash between a send and its
/// record sends again, with the same notice id.
/// </summary>
public sealed class DeliveryDispatcher(DeliveryOutbox outbox, string ownerId, DeliveryOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>A bound on rounds per poll, so one poll never runs unbounded; the next poll goes on.</summary>
    private const int MaxRoundsPerPoll = 20;

    private NoticeCursor? _cursor;
    private bool _polling;

    /// <summary>
    /// One poll. <paramref name="send"/> makes one attempt and never retries by itself;
    /// <paramref name="gaveUp"/> hears of each delivery marked failed (tried for <see cref="DeliveryOptions.MaxAge"/>).
    /// </summary>
    public async Task PollAsync(DispatchPlan plan, Func<NoticePayload, Task<AttemptResult>> send, Func<NoticePayload, AttemptRecord, Task>? gaveUp = null)
    {
        // A poll still running when the next tick comes (a slow receiver) must not start a second one.
        if (_polling) return;
        _polling = true;
        try
        {
            await QueueNewNoticesAsync(plan);
            await AttemptDueAsync(send, gaveUp);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "{Outbox} {OwnerId}: dispatch failed; tried again at the next poll", outbox.Tables.Deliveries, ownerId);
        }
        finally
        {
            _polling = false;
        }
    }

    private async Task QueueNewNoticesAsync(DispatchPlan plan)
    {
        _cursor ??= await outbox.ReadCursorAsync(ownerId) ?? NoticeCursor.Before(0);
        var cursor = NoticeCursor.Max(_cursor.Value, NoticeCursor.Before(plan.StartAfterTxid));
        for (var round = 0; round < MaxRoundsPerPoll; round++)
        {
            var queued = await outbox.QueueAsync(ownerId, cursor, plan.StartSnapshot, plan.Kinds, plan.Recipients, options.BatchSize, time.GetUtcNow());
            if (queued.Next.CompareTo(cursor) > 0)
            {
                await outbox.SaveCursorAsync(ownerId, queued.Next);
                cursor = queued.Next;
                _cursor = cursor;
            }
            if (!queued.More) return;
        }
    }

    private async Task AttemptDueAsync(Func<NoticePayload, Task<AttemptResult>> send, Func<NoticePayload, AttemptRecord, Task>? gaveUp)
    {
        for (var round = 0; round < MaxRoundsPerPoll; round++)
        {
            var due = await outbox.DueAsync(ownerId, time.GetUtcNow(), options.BatchSize);
            if (due.Count == 0) return;
            var records = new List<AttemptRecord>(due.Count);
            foreach (var chunk in due.Chunk(options.Parallelism))
            {
                records.AddRange(await Task.WhenAll(chunk.Select(delivery => AttemptAsync(delivery, send))));
            }
            await outbox.RecordAsync(ownerId, records);
            if (gaveUp is not null)
            {
                foreach (var (delivery, record) in due.Zip(records))
                {
                    if (record.Step.State == DeliveryState.Failed && delivery.Notice is { } notice) await gaveUp(notice, record);
                }
            }
            if (due.Count < options.BatchSize) return;
        }
    }

    private async Task<AttemptRecord> AttemptAsync(DueDelivery delivery, Func<NoticePayload, Task<AttemptResult>> send)
    {
        var attempt = delivery.Attempts + 1;
        if (delivery.Notice is not { } notice)
        {
            // Its row is gone (no such purge exists yet): there is nothing left to send.
            var now = time.GetUtcNow();
            return new AttemptRecord(delivery.NoticeId, now, 0, null, DeliveryErrors.NoticeMissing, new DeliveryStep(DeliveryState.Failed, null, now));
        }

        AttemptResult result;
        try
        {
            result = await send(notice);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug or a grain call failing while making the message: an attempt like any other, so the
            // delivery is retried and, past its age, given up, instead of holding up every other one.
            logger.LogWarning(e, "{Outbox} {OwnerId}: making notice {NoticeId} failed", outbox.Tables.Deliveries, ownerId, notice.Id);
            result = new AttemptResult(time.GetUtcNow(), 0, null, DeliveryErrors.SenderFailed);
        }
        var step = DeliveryRetry.After(result.Acknowledged, attempt, delivery.QueuedAt, time.GetUtcNow(), options, Random.Shared.NextDouble());
        if (step.State == DeliveryState.Failed)
        {
            logger.LogWarning("{Outbox} {OwnerId}: notice {NoticeId} failed after {Attempts} attempts over {MaxAge} (last: {Status})",
                outbox.Tables.Deliveries, ownerId, notice.Id, attempt, options.MaxAge,
                result.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? result.Error);
        }
        return new AttemptRecord(delivery.NoticeId, result.At, result.DurationMs, result.StatusCode, result.Error, step);
    }
}
