using System.Globalization;
using Spectre.Console;

namespace Hubs.SampleHost.Infrastructure;

/// <summary>
/// Progress of long work on stderr. On a terminal: Spectre's live bars. Redirected to a file or a pipe, Spectre's bars are
/// redrawn on a timer and the last redraw can come before the work ends, so a log of a successful run ended at 20–90 %;
/// here a redirected line is written each time a task crosses a tenth of its work and once more at 100 % when it finishes,
/// so a log always ends with the true state.
/// </summary>
internal sealed class ProgressBoard
{
    private readonly ProgressContext? _live;
    private readonly TextWriter _log;

    private ProgressBoard(ProgressContext? live, TextWriter log) => (_live, _log) = (live, log);

    /// <summary>Runs <paramref name="work"/> with a board on stderr: live bars on a terminal, a line per tenth when redirected.</summary>
    public static async Task RunAsync(Func<ProgressBoard, Task> work)
    {
        if (Console.IsErrorRedirected)
        {
            var board = new ProgressBoard(null, Console.Error);
            await work(board);
            return;
        }
        await Consoles.Error.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(ctx => work(new ProgressBoard(ctx, Console.Error)));
    }

    /// <summary>Adds a task of <paramref name="total"/> units of work.</summary>
    public Line Add(string description, double total)
    {
        return new Line(this, description, _live?.AddTask(Markup.Escape(description), maxValue: Math.Max(1, total)), Math.Max(1, total));
    }

    /// <summary>One task on the board.</summary>
    public sealed class Line
    {
        private readonly ProgressBoard _board;
        private readonly string _description;
        private readonly ProgressTask? _task;
        private double _total;
        private double _value;
        private int _tenthsLogged = -1;

        internal Line(ProgressBoard board, string description, ProgressTask? task, double total) =>
            (_board, _description, _task, _total) = (board, description, task, total);

        /// <summary>The task's total units of work (it may grow as the work learns its size).</summary>
        public double Total
        {
            get => _total;
            set { _total = Math.Max(1, value); if (_task is not null) _task.MaxValue = _total; Log(); }
        }

        /// <summary>Units done so far.</summary>
        public double Value
        {
            get => _value;
            set { _value = Math.Clamp(value, 0, _total); if (_task is not null) _task.Value = _value; Log(); }
        }

        /// <summary>Marks the task finished (100 %).</summary>
        public void Complete() => Value = _total;

        private void Log()
        {
            if (_board._live is not null) return;
            var tenths = (int)Math.Floor(10 * _value / _total);
            if (tenths <= _tenthsLogged) return;
            _tenthsLogged = tenths;
            _board._log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{_description}: {tenths * 10}%"));
        }
    }
}
