using Microsoft.Extensions.Logging;

namespace FanoutSim.ChatServer.Tests.Infrastructure;

/// <summary>
/// Writes an in-process server's log lines to the test that started it, so a failing test shows its own
/// server's story and a passing one shows nothing.
/// </summary>
public sealed class TestOutputLoggerProvider(ITestOutputHelper output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new TestOutputLogger(output, categoryName);

    public void Dispose()
    {
    }

    private sealed class TestOutputLogger(ITestOutputHelper output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            string line = $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}";
            try
            {
                output.WriteLine(exception is null ? line : line + Environment.NewLine + exception);
            }
            catch (InvalidOperationException)
            {
                // The test has ended while the server still logs its shutdown: nobody is left to read it.
            }
        }
    }
}
