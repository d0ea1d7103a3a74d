import { Button, Result } from 'antd';
import { Component, type ReactNode } from 'react';
import { i18n } from '../../shared/i18n/index.ts';

interface State {
  error: Error | null;
}

/**
 * Catches a page that fails to render or to load its code (e.g. after a new
 * release replaced the chunk files), instead of leaving a blank screen.
 */
export class RouteErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidUpdate(previous: { resetKey: string }) {
    // Moving to another page gives it a fresh start.
    if (previous.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <Result
        status="error"
        title={i18n.t('common.pageFailed')}
        subTitle={this.state.error.message}
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            {i18n.t('common.reload')}
          </Button>
        }
      />
    );
  }
}
