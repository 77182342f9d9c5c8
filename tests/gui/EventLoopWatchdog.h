// SPDX-License-Identifier: Apache-2.0
// Measures how responsive the GUI thread stays during a drill: a 10 ms precise timer records the
// longest gap between two of its ticks (a blocked event loop shows up as one long gap), and an
// application event filter counts the top-level windows (message boxes, dialogs) shown meanwhile,
// so a test can assert "never blocked > 100 ms" and "one message, no dialog storm".
#pragma once

#include <QApplication>
#include <QDialog>
#include <QElapsedTimer>
#include <QEvent>
#include <QMessageBox>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QWidget>

namespace adm::test {

class EventLoopWatchdog : public QObject
{
public:
    static constexpr int TickMs = 10;

    EventLoopWatchdog()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(TickMs);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
        qApp->installEventFilter(this);
    }
    ~EventLoopWatchdog() override { qApp->removeEventFilter(this); }

    // Starts (or restarts) measuring; forgets earlier gaps and windows.
    void start()
    {
        m_maxGapMs = 0;
        m_ticks = 0;
        m_windows.clear();
        m_messageBoxes = 0;
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    // Pauses around something the test itself blocks on (starting or stopping the sandbox,
    // the control endpoint): that time is not the app's.
    void pause() { m_timer.stop(); }
    void resume()
    {
        m_last = m_clock.elapsed();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }

    qint64 maxGapMs() const { return m_maxGapMs; }
    int ticks() const { return m_ticks; }
    // "QMessageBox: title" for every top-level window shown since start().
    QStringList windowsShown() const { return m_windows; }
    int messageBoxesShown() const { return m_messageBoxes; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Show && m_timer.isActive()) {
            auto *w = qobject_cast<QWidget *>(watched);
            if (w && w->isWindow() && !(w->windowFlags() & Qt::ToolTip) && w->windowType() != Qt::Popup) {
                m_windows << QStringLiteral("%1: %2").arg(QLatin1String(w->metaObject()->className()),
                    w->windowTitle().isEmpty() ? w->objectName() : w->windowTitle());
                if (qobject_cast<QMessageBox *>(w))
                    ++m_messageBoxes;
            }
        }
        return QObject::eventFilter(watched, event);
    }

private:
    void tick()
    {
        const qint64 now = m_clock.elapsed();
        // The first gap after start()/resume() includes the timer's own start-up; count from there.
        if (m_ticks > 0 || m_last > 0)
            m_maxGapMs = std::max(m_maxGapMs, now - m_last);
        m_last = now;
        ++m_ticks;
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_maxGapMs = 0;
    int m_ticks = 0;
    QStringList m_windows;
    int m_messageBoxes = 0;
};

} // namespace adm::test
