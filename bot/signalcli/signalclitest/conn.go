package signalclitest

import (
	"bufio"
	"bytes"
	"net"
	"os"
	"sync"
)

type dconn struct {
	nc         net.Conn
	wmu        sync.Mutex
	subscribed bool
	subID      int
}

// Start listens (again, after Stop, on the same address).
func (d *Daemon) Start() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.running {
		return nil
	}
	if d.o.Network == "unix" {
		os.Remove(d.addr)
	}
	ln, err := net.Listen(d.o.Network, d.addr)
	if err != nil {
		return err
	}
	d.addr = ln.Addr().String()
	d.ln = ln
	d.running = true
	go d.accept(ln)
	return nil
}

// Stop closes the listener and every connection, as when signal-cli exits.
func (d *Daemon) Stop() {
	d.mu.Lock()
	if d.running {
		d.ln.Close()
		d.running = false
	}
	conns := d.conns
	d.conns = map[*dconn]bool{}
	d.mu.Unlock()
	for c := range conns {
		c.nc.Close()
	}
}

// Restart stops and starts the daemon on the same address. Messages that
// were waiting stay waiting (they are on Signal's server).
func (d *Daemon) Restart() {
	d.Stop()
	if err := d.Start(); err != nil {
		d.t.Errorf("signalclitest: restart: %v", err)
	}
}

// Drop closes every client connection; the daemon keeps listening.
func (d *Daemon) Drop() {
	d.mu.Lock()
	conns := d.conns
	d.conns = map[*dconn]bool{}
	d.mu.Unlock()
	for c := range conns {
		c.nc.Close()
	}
}

// Connected returns how many clients are connected.
func (d *Daemon) Connected() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.conns)
}

// Accepted returns how many connections the daemon has accepted in all.
func (d *Daemon) Accepted() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.accepted
}

// Lost returns how many envelopes were lost because no client was
// connected in on-start mode.
func (d *Daemon) Lost() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.lost
}

func (d *Daemon) accept(ln net.Listener) {
	for {
		nc, err := ln.Accept()
		if err != nil {
			return
		}
		c := &dconn{nc: nc}
		// hold the connection's writes until the waiting envelopes are out,
		// so that nothing delivered meanwhile overtakes them
		c.wmu.Lock()
		d.mu.Lock()
		if !d.running || d.ln != ln {
			// accepted just before Stop: a stopped daemon keeps no clients
			d.mu.Unlock()
			c.wmu.Unlock()
			nc.Close()
			return
		}
		d.conns[c] = true
		d.accepted++
		var flush [][]byte
		if d.o.Mode == OnConnection {
			flush, d.queue = d.queue, nil
		}
		d.mu.Unlock()
		for _, n := range flush {
			c.nc.Write(append(d.wrap(c, n), '\n'))
		}
		c.wmu.Unlock()
		go d.serve(c)
	}
}

func (d *Daemon) write(c *dconn, line []byte) bool {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_, err := c.nc.Write(append(line, '\n'))
	return err == nil
}

func (d *Daemon) remove(c *dconn) {
	d.mu.Lock()
	delete(d.conns, c)
	d.mu.Unlock()
	c.nc.Close()
}

func (d *Daemon) serve(c *dconn) {
	defer d.remove(c)
	br := bufio.NewReaderSize(c.nc, 1<<20)
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		line, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			wg.Add(1)
			go func(line []byte) {
				defer wg.Done()
				d.handle(c, line)
			}(line)
		}
		if err != nil {
			return
		}
	}
}
